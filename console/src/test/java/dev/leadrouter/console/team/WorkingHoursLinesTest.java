package dev.leadrouter.console.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.WorkingHours;
import dev.leadrouter.v1.WorkingWindow;
import org.junit.jupiter.api.Test;

class WorkingHoursLinesTest {
  private static WorkingWindow window(int day, String start, String end) {
    return WorkingWindow.newBuilder().setDayOfWeek(day).setStart(start).setEnd(end).build();
  }

  @Test
  void daysWithTheSameHoursShareALineAndConsecutiveDaysARange() {
    WorkingHours hours =
        WorkingHours.newBuilder()
            .addWindows(window(1, "09:00", "17:00"))
            .addWindows(window(2, "09:00", "17:00"))
            .addWindows(window(3, "09:00", "17:00"))
            .addWindows(window(5, "09:00", "17:00"))
            .addWindows(window(6, "10:00", "14:00"))
            .build();
    assertThat(WorkingHoursLines.format(hours))
        .isEqualTo("Mon-Wed,Fri 09:00-17:00\nSat 10:00-14:00");
  }

  @Test
  void aFormattedScheduleReadsBackToTheSameWindows() {
    WorkingHours hours =
        WorkingHours.newBuilder()
            .addWindows(window(1, "08:00", "12:00"))
            .addWindows(window(1, "13:00", "17:00"))
            .addWindows(window(7, "00:00", "24:00"))
            .build();
    var parsed = WorkingHoursLines.parse(WorkingHoursLines.format(hours));
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.windows()).containsExactlyInAnyOrderElementsOf(hours.getWindowsList());
  }

  @Test
  void eachWindowKnowsItsLineAndShortTimesArePadded() {
    var parsed = WorkingHoursLines.parse("\nmonday-tu 9:00-17:30\n  Fr 10:00 – 12:00  ");
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.windows())
        .containsExactly(
            window(1, "09:00", "17:30"), window(2, "09:00", "17:30"), window(5, "10:00", "12:00"));
    assertThat(parsed.lineOfWindow()).containsExactly(2, 2, 3);
  }

  @Test
  void anUnreadableLineIsNamedByItsNumber() {
    var parsed =
        WorkingHoursLines.parse(
            "Mon-Fri 09:00-17:00\nweekdays\nFri-Mon 09:00-10:00\nXyz 09:00-10:00");
    assertThat(parsed.problems()).containsOnlyKeys(2, 3, 4);
    assertThat(parsed.problems().get(2)).contains("Mon-Fri 09:00-17:00");
    assertThat(parsed.problems().get(3)).contains("Monday towards Sunday");
    assertThat(parsed.problems().get(4)).contains("unknown day");
  }

  @Test
  void anEmptyTextMeansNoWindowsThatIsAlwaysWithinHours() {
    assertThat(WorkingHoursLines.parse("  \n").windows()).isEmpty();
    assertThat(WorkingHoursLines.format(WorkingHours.getDefaultInstance())).isEmpty();
  }

  @Test
  void theTeamRowSaysTheScheduleInOneLine() {
    WorkingHours hours =
        WorkingHours.newBuilder()
            .setTimeZone("Europe/Berlin")
            .addWindows(window(1, "09:00", "17:00"))
            .addWindows(window(2, "09:00", "17:00"))
            .addWindows(window(6, "10:00", "14:00"))
            .build();
    assertThat(WorkingHoursText.of(hours))
        .isEqualTo("Mon–Tue 09:00–17:00, Sat 10:00–14:00 (Europe/Berlin)");
    assertThat(WorkingHoursText.of(WorkingHours.getDefaultInstance())).isEqualTo("always");
  }
}
