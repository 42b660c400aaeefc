package dev.leadrouter.console.team;

import dev.leadrouter.v1.WorkingHours;
import dev.leadrouter.v1.WorkingWindow;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.stream.Collectors;

/** A weekly schedule in a line: "Mon 09:00–17:00, Tue 09:00–17:00 (Europe/Berlin)". */
public final class WorkingHoursText {
  private WorkingHoursText() {}

  public static String of(WorkingHours hours) {
    if (hours.getWindowsCount() == 0) {
      return "always";
    }
    String windows =
        hours.getWindowsList().stream()
            .map(WorkingHoursText::window)
            .collect(Collectors.joining(", "));
    return hours.getTimeZone().isEmpty() ? windows : windows + " (" + hours.getTimeZone() + ")";
  }

  private static String window(WorkingWindow w) {
    String day =
        w.getDayOfWeek() >= 1 && w.getDayOfWeek() <= 7
            ? DayOfWeek.of(w.getDayOfWeek()).getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
            : "?";
    return day + " " + w.getStart() + "–" + w.getEnd();
  }
}
