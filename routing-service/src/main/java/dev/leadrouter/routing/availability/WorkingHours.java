package dev.leadrouter.routing.availability;

import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.WorkingWindow;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Whether an instant falls in a rep's weekly working windows, judged on the wall clock of the rep's
 * own zone. Converting the instant to local time (rather than adding offsets to a start instant) is
 * what keeps this right across DST changes: 09:00-17:00 stays 09:00-17:00 local on the Monday after
 * the clocks move, and a window is simply shorter or longer on the night of the change.
 */
public final class WorkingHours {
  private WorkingHours() {}

  /** True when the rep has no windows (always working) or {@code now} is inside one of them. */
  public static boolean within(Rep rep, Instant now) {
    var hours = rep.getWorkingHours();
    if (hours.getWindowsCount() == 0) {
      return true;
    }
    ZonedDateTime local = now.atZone(zone(rep));
    int day = local.getDayOfWeek().getValue();
    LocalTime time = local.toLocalTime();
    for (WorkingWindow w : hours.getWindowsList()) {
      if (w.getDayOfWeek() == day && inside(time, w)) {
        return true;
      }
    }
    return false;
  }

  /** The zone working hours are read in: the schedule's own, else the rep's, else UTC. */
  public static ZoneId zone(Rep rep) {
    String id =
        !rep.getWorkingHours().getTimeZone().isEmpty()
            ? rep.getWorkingHours().getTimeZone()
            : rep.getTimeZone();
    return zoneOrUtc(id);
  }

  public static ZoneId zoneOrUtc(String id) {
    try {
      return id.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(id);
    } catch (DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private static boolean inside(LocalTime time, WorkingWindow w) {
    LocalTime start = parse(w.getStart());
    if (start == null || time.isBefore(start)) {
      return false;
    }
    // "24:00" is the end of the day: everything from start on is inside.
    if (w.getEnd().equals("24:00")) {
      return true;
    }
    LocalTime end = parse(w.getEnd());
    return end != null && time.isBefore(end);
  }

  /** "HH:MM", or null when malformed (RepValidator refuses those, so this is defensive). */
  public static LocalTime parse(String hhmm) {
    try {
      return LocalTime.parse(hhmm);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
