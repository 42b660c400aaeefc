package dev.leadrouter.routing.availability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.leadrouter.routing.matrix.RequiredSkills;
import dev.leadrouter.v1.OutOfOffice;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.SkipReason;
import dev.leadrouter.v1.WorkingHours;
import dev.leadrouter.v1.WorkingWindow;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AvailabilityTest {
  private static final Instant NOW =
      Instant.parse("2025-03-12T15:00:00Z"); // Wednesday, 16:00 in Berlin
  private final Availability availability = new Availability();

  @ParameterizedTest(name = "[{index}] active={0} status={1} excluded={2} -> {3}")
  @CsvSource({
    "true,  REP_STATUS_AVAILABLE,   false, SKIP_REASON_NONE",
    "true,  REP_STATUS_UNSPECIFIED, false, SKIP_REASON_NONE",
    "true,  REP_STATUS_AWAY,        false, SKIP_REASON_STATUS",
    "true,  REP_STATUS_OFFLINE,     false, SKIP_REASON_STATUS",
    "true,  REP_STATUS_AVAILABLE,   true,  SKIP_REASON_PREVIOUS_OWNER",
    "true,  REP_STATUS_AWAY,        true,  SKIP_REASON_PREVIOUS_OWNER",
    "false, REP_STATUS_AVAILABLE,   false, SKIP_REASON_INACTIVE",
    "false, REP_STATUS_OFFLINE,     false, SKIP_REASON_INACTIVE",
    "false, REP_STATUS_AVAILABLE,   true,  SKIP_REASON_INACTIVE",
  })
  void firstFailingCheckWins(
      boolean active, RepStatus status, boolean excluded, SkipReason expected) {
    Rep rep = Rep.newBuilder().setRepId("alice").setActive(active).setStatus(status).build();
    assertThat(
            availability
                .check(rep, RequiredSkills.NONE, excluded ? Set.of("alice") : Set.of("bob"), NOW)
                .reason())
        .isEqualTo(expected);
  }

  @Test
  void unknownRepIsInactive() {
    assertThat(availability.check(null, RequiredSkills.NONE, Set.of(), NOW).reason())
        .isEqualTo(SkipReason.SKIP_REASON_INACTIVE);
  }

  private static Rep.Builder berlin() {
    return Rep.newBuilder()
        .setRepId("dora")
        .setActive(true)
        .setTimeZone("Europe/Berlin")
        .addLanguages("de-DE")
        .addLanguages("en")
        .addProducts("analytics")
        .addSkills("enterprise");
  }

  private static OutOfOffice ooo(String start, String end) {
    return OutOfOffice.newBuilder()
        .setStart(Timestamps.parseUnchecked(start))
        .setEnd(Timestamps.parseUnchecked(end))
        .build();
  }

  private static WorkingHours weekdays(String start, String end) {
    WorkingHours.Builder h = WorkingHours.newBuilder();
    for (int d = 1; d <= 5; d++) {
      h.addWindows(WorkingWindow.newBuilder().setDayOfWeek(d).setStart(start).setEnd(end));
    }
    return h.build();
  }

  static Stream<Arguments> cases() {
    RequiredSkills none = RequiredSkills.NONE;
    return Stream.of(
        Arguments.of(
            "no schedule = always working",
            (UnaryOperator<Rep.Builder>) b -> b,
            none,
            SkipReason.SKIP_REASON_NONE),
        Arguments.of(
            "inside 09:00-17:00 Berlin",
            (UnaryOperator<Rep.Builder>) b -> b.setWorkingHours(weekdays("09:00", "17:00")),
            none,
            SkipReason.SKIP_REASON_NONE),
        Arguments.of(
            "after 09:00-16:00 Berlin (end exclusive)",
            (UnaryOperator<Rep.Builder>) b -> b.setWorkingHours(weekdays("09:00", "16:00")),
            none,
            SkipReason.SKIP_REASON_OUTSIDE_WORKING_HOURS),
        Arguments.of(
            "schedule zone overrides rep zone",
            (UnaryOperator<Rep.Builder>)
                b ->
                    b.setWorkingHours(
                        weekdays("09:00", "12:00").toBuilder().setTimeZone("America/New_York")),
            none,
            SkipReason.SKIP_REASON_NONE),
        Arguments.of(
            "in an out-of-office period",
            (UnaryOperator<Rep.Builder>)
                b -> b.addOutOfOffice(ooo("2025-03-10T00:00:00Z", "2025-03-14T00:00:00Z")),
            none,
            SkipReason.SKIP_REASON_OUT_OF_OFFICE),
        Arguments.of(
            "out-of-office ended (end exclusive)",
            (UnaryOperator<Rep.Builder>)
                b -> b.addOutOfOffice(ooo("2025-03-10T00:00:00Z", "2025-03-12T15:00:00Z")),
            none,
            SkipReason.SKIP_REASON_NONE),
        Arguments.of(
            "out-of-office not started",
            (UnaryOperator<Rep.Builder>)
                b -> b.addOutOfOffice(ooo("2025-03-12T15:00:01Z", "2025-03-20T00:00:00Z")),
            none,
            SkipReason.SKIP_REASON_NONE),
        Arguments.of(
            "status beats out of office",
            (UnaryOperator<Rep.Builder>)
                b ->
                    b.setStatus(RepStatus.REP_STATUS_AWAY)
                        .addOutOfOffice(ooo("2025-03-10T00:00:00Z", "2025-03-14T00:00:00Z")),
            none,
            SkipReason.SKIP_REASON_STATUS),
        Arguments.of(
            "language by primary subtag",
            (UnaryOperator<Rep.Builder>) b -> b,
            new RequiredSkills(Set.of("de"), Set.of(), Set.of()),
            SkipReason.SKIP_REASON_NONE),
        Arguments.of(
            "missing language",
            (UnaryOperator<Rep.Builder>) b -> b,
            new RequiredSkills(Set.of("fr"), Set.of(), Set.of()),
            SkipReason.SKIP_REASON_MISSING_SKILL),
        Arguments.of(
            "missing product",
            (UnaryOperator<Rep.Builder>) b -> b,
            new RequiredSkills(Set.of(), Set.of("crm"), Set.of()),
            SkipReason.SKIP_REASON_MISSING_SKILL),
        Arguments.of(
            "has product and skill",
            (UnaryOperator<Rep.Builder>) b -> b,
            new RequiredSkills(Set.of("en"), Set.of("analytics"), Set.of("enterprise")),
            SkipReason.SKIP_REASON_NONE),
        Arguments.of(
            "missing skill tag",
            (UnaryOperator<Rep.Builder>) b -> b,
            new RequiredSkills(Set.of(), Set.of(), Set.of("public_sector")),
            SkipReason.SKIP_REASON_MISSING_SKILL),
        Arguments.of(
            "outside hours beats missing skill",
            (UnaryOperator<Rep.Builder>) b -> b.setWorkingHours(weekdays("08:00", "09:00")),
            new RequiredSkills(Set.of("fr"), Set.of(), Set.of()),
            SkipReason.SKIP_REASON_OUTSIDE_WORKING_HOURS));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void judgesHoursTimeOffAndSkills(
      String name,
      UnaryOperator<Rep.Builder> change,
      RequiredSkills required,
      SkipReason expected) {
    var verdict = availability.check(change.apply(berlin()).build(), required, Set.of(), NOW);
    assertThat(verdict.reason()).isEqualTo(expected);
    assertThat(verdict.detail()).isNotBlank();
  }
}
