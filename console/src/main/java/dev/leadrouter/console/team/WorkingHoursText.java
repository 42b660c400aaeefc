package dev.leadrouter.console.team;

import dev.leadrouter.v1.WorkingHours;

/**
 * A weekly schedule in a line, days with the same hours grouped: "Mon–Fri 09:00–17:00, Sat
 * 10:00–14:00 (Europe/Berlin)".
 */
public final class WorkingHoursText {
  private WorkingHoursText() {}

  public static String of(WorkingHours hours) {
    if (hours.getWindowsCount() == 0) {
      return "always";
    }
    // The edit form's lines, read aloud: only day ranges and time ranges contain a hyphen.
    String windows = WorkingHoursLines.format(hours).replace('-', '–').replace("\n", ", ");
    return hours.getTimeZone().isEmpty() ? windows : windows + " (" + hours.getTimeZone() + ")";
  }
}
