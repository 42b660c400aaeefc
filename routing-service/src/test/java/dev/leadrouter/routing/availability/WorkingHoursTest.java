package dev.leadrouter.routing.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.WorkingWindow;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Working hours are read on the rep's wall clock, across DST changes and zones. */
class WorkingHoursTest {

  private static Rep rep(String zone, String... windows) {
    var hours = dev.leadrouter.v1.WorkingHours.newBuilder();
    for (String w : windows) {
      String[] p = w.split(" ");
      hours.addWindows(
          WorkingWindow.newBuilder()
              .setDayOfWeek(Integer.parseInt(p[0]))
              .setStart(p[1])
              .setEnd(p[2]));
    }
    return Rep.newBuilder().setRepId("r").setTimeZone(zone).setWorkingHours(hours).build();
  }

  @ParameterizedTest(name = "[{index}] {0} {1} at {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // New York, Mon-Fri 09:00-17:00. US DST starts Sunday 2025-03-09 02:00 local, ends Sunday
        // 2025-11-02 02:00.
        "America/New_York | 5 09:00 17:00 | 2025-03-07T14:00:00Z | true", // Fri 09:00 EST (UTC-5):
        // opening minute
        "America/New_York | 1 09:00 17:00 | 2025-03-10T13:00:00Z | true", // Mon 09:00 EDT (UTC-4):
        // same wall clock after
        // spring forward
        "America/New_York | 1 09:00 17:00 | 2025-03-10T12:59:59Z | false", // Mon 08:59:59 EDT:
        // would be 'inside' with
        // a stale -5 offset...
        // it is not
        "America/New_York | 1 09:00 17:00 | 2025-03-10T21:00:00Z | false", // Mon 17:00 EDT: end
        // exclusive
        "America/New_York | 1 09:00 17:00 | 2025-03-10T20:59:00Z | true", // Mon 16:59 EDT
        "America/New_York | 1 09:00 17:00 | 2025-11-03T14:00:00Z | true", // Mon 09:00 EST after
        // fall back
        "America/New_York | 1 09:00 17:00 | 2025-11-03T13:30:00Z | false", // Mon 08:30 EST (would
        // be 09:30 EDT)
        // Night of the change itself: Sunday window 01:00-04:00.
        "America/New_York | 7 01:00 04:00 | 2025-03-09T06:59:00Z | true", // 01:59 EST, just before
        // the jump
        "America/New_York | 7 01:00 04:00 | 2025-03-09T07:00:00Z | true", // 03:00 EDT: 02:xx does
        // not exist
        "America/New_York | 7 02:00 03:00 | 2025-03-09T07:00:00Z | false", // a window inside the
        // skipped hour never
        // opens
        "America/New_York | 7 01:00 02:00 | 2025-11-02T05:30:00Z | true", // 01:30 EDT (first pass)
        "America/New_York | 7 01:00 02:00 | 2025-11-02T06:30:00Z | true", // 01:30 EST (repeated
        // hour): still inside
        "America/New_York | 7 01:00 02:00 | 2025-11-02T07:00:00Z | false", // 02:00 EST
        // Europe moves a different week (last Sunday of March): the same UTC instant differs per
        // zone.
        "Europe/Berlin    | 1 09:00 17:00 | 2025-03-24T08:00:00Z | true", // Mon 09:00 CET
        "Europe/Berlin    | 1 09:00 17:00 | 2025-03-31T07:00:00Z | true", // Mon 09:00 CEST
        "Europe/Berlin    | 1 09:00 17:00 | 2025-03-31T06:30:00Z | false", // Mon 08:30 CEST
        // Day of week is the local one: Monday 08:00 in Tokyo is still Sunday in UTC.
        "Asia/Tokyo       | 1 08:00 12:00 | 2025-03-09T23:30:00Z | true",
        "Asia/Tokyo       | 7 08:00 12:00 | 2025-03-09T23:30:00Z | false",
        // Half-hour offsets, and 24:00 as end of day.
        "Asia/Kolkata     | 3 09:30 18:00 | 2025-03-12T04:00:00Z | true", // Wed 09:30 IST
        "Asia/Kolkata     | 3 09:30 18:00 | 2025-03-12T03:59:00Z | false",
        "UTC              | 3 18:00 24:00 | 2025-03-12T23:59:59Z | true",
        "UTC              | 3 18:00 24:00 | 2025-03-13T00:00:00Z | false", // Thursday now
      })
  void judgedOnTheRepsWallClock(String zone, String window, String instant, boolean within) {
    assertThat(WorkingHours.within(rep(zone, window), Instant.parse(instant))).isEqualTo(within);
  }
}
