package dev.leadrouter.sla.businesshours;

import java.time.DayOfWeek;
import java.util.Objects;

/**
 * One working window on a day of the week, in the rep's local time.
 *
 * @param startMinute minutes after local midnight, inclusive
 * @param endMinute minutes after local midnight, exclusive; 1440 is the end of the day ("24:00")
 */
public record WorkingWindow(DayOfWeek day, int startMinute, int endMinute) {
  public static final int END_OF_DAY = 24 * 60;

  public WorkingWindow {
    Objects.requireNonNull(day, "day");
    if (startMinute < 0 || endMinute > END_OF_DAY || endMinute <= startMinute) {
      throw new IllegalArgumentException(
          "need 00:00 <= start < end <= 24:00, got " + startMinute + ".." + endMinute);
    }
  }

  /**
   * Parses "HH:MM" (24-hour; "24:00" only as an end).
   *
   * @throws IllegalArgumentException when malformed
   */
  public static int minuteOfDay(String hhmm, boolean isEnd) {
    if (hhmm == null || !hhmm.matches("\\d{2}:\\d{2}")) {
      throw new IllegalArgumentException("must be HH:MM");
    }
    int hours = Integer.parseInt(hhmm.substring(0, 2));
    int minutes = Integer.parseInt(hhmm.substring(3));
    int total = hours * 60 + minutes;
    if (minutes > 59 || total > END_OF_DAY || (total == END_OF_DAY && !isEnd)) {
      throw new IllegalArgumentException(
          isEnd ? "must be 00:00 to 24:00" : "must be 00:00 to 23:59");
    }
    return total;
  }
}
