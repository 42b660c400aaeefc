package dev.leadrouter.console.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Capacity;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.WorkingHours;
import dev.leadrouter.v1.WorkingWindow;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepEditTest {
  private static final Rep ALICE =
      Rep.newBuilder()
          .setRepId("alice")
          .setDisplayName("Alice Adams")
          .setTimeZone("America/New_York")
          .setCapacity(Capacity.newBuilder().setMaxOpenLeads(5))
          .setWorkingHours(
              WorkingHours.newBuilder()
                  .addWindows(
                      WorkingWindow.newBuilder().setDayOfWeek(1).setStart("09:00").setEnd("17:00")))
          .addSkills("enterprise_deals")
          .build();

  /** The form as first shown, with some fields changed. */
  private static Map<String, String> form(String... changes) {
    Map<String, String> form = new HashMap<>();
    RepEdit.of(ALICE).fields().forEach(f -> form.put(f.name(), f.value()));
    for (int i = 0; i < changes.length; i += 2) {
      form.put(changes[i], changes[i + 1]);
    }
    return form;
  }

  @Test
  void theFormShowsTheRepAsStored() {
    assertThat(RepEdit.of(ALICE).fields())
        .extracting(RepEdit.Field::name, RepEdit.Field::value)
        .contains(
            org.assertj.core.groups.Tuple.tuple("max_open_leads", "5"),
            org.assertj.core.groups.Tuple.tuple("max_leads_per_day", "0"),
            org.assertj.core.groups.Tuple.tuple("working_hours", "Mon 09:00-17:00"),
            org.assertj.core.groups.Tuple.tuple("skills", "enterprise_deals"));
  }

  @Test
  void onlyTheChangedFieldsAreSentInOneUpdate() {
    RepEdit edit =
        RepEdit.submitted(
            ALICE, form("max_leads_per_day", "12", "skills", "smb, enterprise_deals")::get);
    assertThat(edit.hasProblems()).isFalse();
    var request = edit.request();
    assertThat(request.getUpdateMask().getPathsList())
        .containsExactly("capacity.max_leads_per_day", "skills");
    assertThat(request.getRep().getRepId()).isEqualTo("alice");
    assertThat(request.getRep().getCapacity().getMaxLeadsPerDay()).isEqualTo(12);
    assertThat(request.getRep().getSkillsList()).containsExactly("smb", "enterprise_deals");
  }

  @Test
  void anUnchangedFormChangesNothing() {
    assertThat(RepEdit.submitted(ALICE, form()::get).changesNothing()).isTrue();
  }

  @Test
  void newWorkingHoursReplaceTheWholeSchedule() {
    RepEdit edit =
        RepEdit.submitted(
            ALICE,
            form("working_hours", "Mon-Fri 08:00-16:00", "hours_time_zone", "Europe/Berlin")::get);
    var request = edit.request();
    assertThat(request.getUpdateMask().getPathsList()).containsExactly("working_hours");
    assertThat(request.getRep().getWorkingHours().getWindowsCount()).isEqualTo(5);
    assertThat(request.getRep().getWorkingHours().getTimeZone()).isEqualTo("Europe/Berlin");
  }

  @Test
  void whatTheConsoleCannotReadIsRefusedAtItsFieldBeforeAnythingIsSent() {
    RepEdit edit =
        RepEdit.submitted(
            ALICE,
            form(
                    "max_open_leads",
                    "lots",
                    "working_hours",
                    "Mon 09:00-17:00\nevenings",
                    "skills",
                    "Big Deals")
                ::get);
    assertThat(edit.hasProblems()).isTrue();
    assertThat(edit.problems()).containsOnlyKeys("max_open_leads", "working_hours", "skills");
    assertThat(edit.problems().get("working_hours").get(0)).startsWith("line 2:");
    assertThat(edit.fields().stream().filter(f -> f.name().equals("max_open_leads")).findFirst())
        .get()
        .extracting(RepEdit.Field::value)
        .isEqualTo("lots");
  }

  @Test
  void theServicesViolationsLandAtTheFieldsThatProducedThem() {
    RepEdit edit =
        RepEdit.submitted(
            ALICE,
            form(
                    "max_leads_per_day", "-2",
                    "time_zone", "Mars/Olympus",
                    "working_hours", "Mon 09:00-17:00\nTue-Wed 18:00-10:00")
                ::get);
    edit.serviceProblem("rep.capacity", "limits must not be negative (0 = unlimited)");
    edit.serviceProblem("rep.time_zone", "unknown time zone 'Mars/Olympus'");
    edit.serviceProblem("rep.working_hours.windows[2].end", "must be after start");
    edit.serviceProblem("rep.email", "a valid email address is required");
    assertThat(edit.problems().get("max_leads_per_day"))
        .containsExactly("limits must not be negative (0 = unlimited)");
    assertThat(edit.problems()).doesNotContainKey("max_open_leads");
    assertThat(edit.problems().get("time_zone"))
        .containsExactly("unknown time zone 'Mars/Olympus'");
    assertThat(edit.problems().get("working_hours")).containsExactly("line 2: must be after start");
    assertThat(edit.general()).containsExactly("rep.email: a valid email address is required");
  }
}
