package dev.leadrouter.sla.grpc;

import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.sla.businesshours.BusinessCalendar;
import dev.leadrouter.sla.businesshours.WorkingWindow;
import dev.leadrouter.v1.WorkingHours;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Checks StartClockRequest.rep_working_hours and turns it into a {@link BusinessCalendar}. */
final class WorkingHoursRequests {
  static final int MAX_WINDOWS = 100;
  private static final String FIELD = "rep_working_hours";

  private WorkingHoursRequests() {}

  /**
   * The calendar, or null when no time zone is known (neither the working hours' nor the rep's):
   * the clock then runs around the clock, like one without working hours.
   */
  static BusinessCalendar calendar(
      List<Violation> violations, WorkingHours hours, String repTimeZone) {
    String zoneName = hours.getTimeZone().isEmpty() ? repTimeZone : hours.getTimeZone();
    ZoneId zone = null;
    if (!hours.getTimeZone().isEmpty()) {
      try {
        zone = ZoneId.of(hours.getTimeZone());
      } catch (DateTimeException e) {
        violations.add(
            new Violation(FIELD + ".time_zone", "must be an IANA time zone such as Europe/Berlin"));
      }
    } else if (!zoneName.isEmpty()) {
      try {
        zone = ZoneId.of(zoneName);
      } catch (DateTimeException e) {
        // rep_time_zone is reported by the caller's own check
      }
    }
    if (hours.getWindowsCount() > MAX_WINDOWS) {
      violations.add(
          new Violation(FIELD + ".windows", "must have at most " + MAX_WINDOWS + " entries"));
      return null;
    }
    List<WorkingWindow> windows = new ArrayList<>();
    for (int i = 0; i < hours.getWindowsCount(); i++) {
      var w = hours.getWindows(i);
      String path = FIELD + ".windows[" + i + "]";
      int before = violations.size();
      if (w.getDayOfWeek() < 1 || w.getDayOfWeek() > 7) {
        violations.add(new Violation(path + ".day_of_week", "must be 1 (Monday) to 7 (Sunday)"));
      }
      int start = minute(violations, path + ".start", w.getStart(), false);
      int end = minute(violations, path + ".end", w.getEnd(), true);
      if (violations.size() == before && end <= start) {
        violations.add(new Violation(path + ".end", "must be after start"));
      }
      if (violations.size() == before) {
        windows.add(new WorkingWindow(DayOfWeek.of(w.getDayOfWeek()), start, end));
      }
    }
    return zone == null ? null : new BusinessCalendar(zone, windows);
  }

  private static int minute(List<Violation> violations, String field, String value, boolean isEnd) {
    try {
      return WorkingWindow.minuteOfDay(value, isEnd);
    } catch (IllegalArgumentException e) {
      violations.add(new Violation(field, e.getMessage() + " (24-hour HH:MM)"));
      return -1;
    }
  }
}
