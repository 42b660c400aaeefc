package dev.leadrouter.sla.businesshours;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Business-hours arithmetic across nights, weekends and daylight-saving changes. */
class BusinessCalendarTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** Monday to Friday 09:00-17:00. */
  private static BusinessCalendar weekdays(ZoneId zone) {
    List<WorkingWindow> windows = new ArrayList<>();
    for (DayOfWeek d :
        List.of(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY)) {
      windows.add(new WorkingWindow(d, 9 * 60, 17 * 60));
    }
    return new BusinessCalendar(zone, windows);
  }

  /** Sundays 01:00-04:00 and 00:00-24:00: windows that contain the DST switch itself. */
  private static BusinessCalendar sundayNights(ZoneId zone) {
    return new BusinessCalendar(zone, List.of(new WorkingWindow(DayOfWeek.SUNDAY, 60, 4 * 60)));
  }

  private static BusinessCalendar allSunday(ZoneId zone) {
    return new BusinessCalendar(
        zone, List.of(new WorkingWindow(DayOfWeek.SUNDAY, 0, WorkingWindow.END_OF_DAY)));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, calendar, start, working time, expected deadline (UTC)
        Arguments.of(
            "inside a window",
            weekdays(NEW_YORK),
            "2026-03-04T15:00:00Z",
            "PT5M",
            "2026-03-04T15:05:00Z"),
        Arguments.of(
            "over the night",
            weekdays(NEW_YORK),
            "2026-03-04T21:30:00Z",
            "PT1H",
            "2026-03-05T14:30:00Z"),
        Arguments.of(
            "started at night waits for 09:00",
            weekdays(NEW_YORK),
            "2026-03-05T03:00:00Z",
            "PT10M",
            "2026-03-05T14:10:00Z"),
        Arguments.of(
            "ends exactly at closing",
            weekdays(NEW_YORK),
            "2026-03-04T21:00:00Z",
            "PT1H",
            "2026-03-04T22:00:00Z"),
        // Friday 16:00 EST + 2h: 1h Friday, weekend (with the spring-forward Sunday), Monday 09:00
        // EDT + 1h.
        Arguments.of(
            "NY weekend with spring forward",
            weekdays(NEW_YORK),
            "2026-03-06T21:00:00Z",
            "PT2H",
            "2026-03-09T14:00:00Z"),
        // Friday 16:00 EDT + 2h: Monday 10:00 EST after the fall-back Sunday.
        Arguments.of(
            "NY weekend with fall back",
            weekdays(NEW_YORK),
            "2026-10-30T20:00:00Z",
            "PT2H",
            "2026-11-02T15:00:00Z"),
        // Berlin, Friday 16:00 CET + 2h = Monday 10:00 CEST.
        Arguments.of(
            "Berlin weekend with spring forward",
            weekdays(BERLIN),
            "2026-03-27T15:00:00Z",
            "PT2H",
            "2026-03-30T08:00:00Z"),
        Arguments.of(
            "a whole working week",
            weekdays(BERLIN),
            "2026-03-23T08:00:00Z",
            "PT40H",
            "2026-03-27T16:00:00Z"),
        // 01:00-04:00 local on 2026-03-08 NY is only 2 real hours (02:00-03:00 does not exist): 3h
        // of work need the next Sunday's window too.
        Arguments.of(
            "NY spring-forward night window is 2h",
            sundayNights(NEW_YORK),
            "2026-03-08T06:00:00Z",
            "PT3H",
            "2026-03-15T06:00:00Z"),
        Arguments.of(
            "NY spring-forward night window, 2h fit",
            sundayNights(NEW_YORK),
            "2026-03-08T06:00:00Z",
            "PT2H",
            "2026-03-08T08:00:00Z"),
        // On 2026-11-01 NY 01:00 EDT to 04:00 EST is 4 real hours.
        Arguments.of(
            "NY fall-back night window is 4h",
            sundayNights(NEW_YORK),
            "2026-11-01T05:00:00Z",
            "PT4H",
            "2026-11-01T09:00:00Z"),
        // Berlin's spring-forward Sunday has 23 hours, so 24 working hours spill to the next
        // Sunday.
        Arguments.of(
            "Berlin 23-hour Sunday",
            allSunday(BERLIN),
            "2026-03-28T23:00:00Z",
            "PT23H",
            "2026-03-29T22:00:00Z"),
        Arguments.of(
            "Berlin 23-hour Sunday +1h",
            allSunday(BERLIN),
            "2026-03-28T23:00:00Z",
            "PT24H",
            "2026-04-04T23:00:00Z"),
        Arguments.of(
            "no windows = always",
            new BusinessCalendar(BERLIN, List.of()),
            "2026-03-28T23:00:00Z",
            "PT24H",
            "2026-03-29T23:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void workingTimeIsCountedInTheRepsLocalHours(
      String name, BusinessCalendar calendar, String start, String working, String expected) {
    Instant deadline = calendar.plusWorking(Instant.parse(start), Duration.parse(working));

    assertThat(deadline).isEqualTo(Instant.parse(expected));
    assertThat(calendar.workingBetween(Instant.parse(start), deadline))
        .isEqualTo(Duration.parse(working));
  }

  @Test
  void minuteParsing() {
    assertThat(WorkingWindow.minuteOfDay("09:30", false)).isEqualTo(570);
    assertThat(WorkingWindow.minuteOfDay("24:00", true)).isEqualTo(1440);
    for (String bad : new String[] {"24:00", "9:30", "12:60", "ab:cd", ""}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> WorkingWindow.minuteOfDay(bad, false))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void windowsGivenOutOfOrderCountLikeWindowsInOrder() {
    // Wednesday 13:00-17:00 listed before 09:00-12:00: the morning must still come first.
    List<WorkingWindow> afternoonFirst =
        List.of(
            new WorkingWindow(DayOfWeek.WEDNESDAY, 13 * 60, 17 * 60),
            new WorkingWindow(DayOfWeek.WEDNESDAY, 9 * 60, 12 * 60));
    BusinessCalendar calendar = new BusinessCalendar(BERLIN, afternoonFirst);
    Instant wednesday0800 = Instant.parse("2026-03-04T07:00:00Z");

    // 2h of work from 08:00 local: 09:00-11:00, not 13:00-15:00
    assertThat(calendar.plusWorking(wednesday0800, Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
    // 4h: the whole morning (3h), then one hour after lunch
    assertThat(calendar.plusWorking(wednesday0800, Duration.ofHours(4)))
        .isEqualTo(Instant.parse("2026-03-04T13:00:00Z"));
    assertThat(calendar.workingBetween(wednesday0800, Instant.parse("2026-03-04T13:00:00Z")))
        .isEqualTo(Duration.ofHours(4));
  }
}
