package dev.leadrouter.console.team;

import dev.leadrouter.v1.WorkingHours;
import dev.leadrouter.v1.WorkingWindow;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weekly schedule as a person types it, one line per time range: {@code Mon-Fri 09:00-17:00},
 * {@code Sat,Sun 10:00-14:00}. Each line becomes one window per day. Only the shape of a line is
 * checked here; whether the times make sense (end after start, no 25:00) is routing-service's rule,
 * and its problems are traced back to the line that produced the window.
 */
public final class WorkingHoursLines {
  private static final Pattern LINE =
      Pattern.compile(
          "^([A-Za-z][A-Za-z,\\s-]*?)\\s+(\\d{1,2}:\\d{2})\\s*[-–]\\s*(\\d{1,2}:\\d{2})$");
  private static final Pattern DAY_RANGE =
      Pattern.compile("^([A-Za-z]+)(?:\\s*-\\s*([A-Za-z]+))?$");

  /** The windows a text stands for, the 1-based line each came from, and per line a problem. */
  public record Parsed(
      List<WorkingWindow> windows, List<Integer> lineOfWindow, Map<Integer, String> problems) {}

  private WorkingHoursLines() {}

  /** The windows as lines: days with the same hours share a line, consecutive days a range. */
  public static String format(WorkingHours hours) {
    Map<String, TreeSet<Integer>> daysByRange = new LinkedHashMap<>();
    hours.getWindowsList().stream()
        .sorted(
            Comparator.comparingInt(WorkingWindow::getDayOfWeek)
                .thenComparing(WorkingWindow::getStart))
        .forEach(
            w ->
                daysByRange
                    .computeIfAbsent(w.getStart() + "-" + w.getEnd(), k -> new TreeSet<>())
                    .add(w.getDayOfWeek()));
    List<String> lines = new ArrayList<>();
    daysByRange.forEach((range, days) -> lines.add(days(days) + " " + range));
    return String.join("\n", lines);
  }

  private static String days(TreeSet<Integer> days) {
    List<String> runs = new ArrayList<>();
    Integer runStart = null;
    Integer previous = null;
    for (int d : days) {
      if (previous != null && d == previous + 1) {
        previous = d;
        continue;
      }
      if (runStart != null) {
        runs.add(run(runStart, previous));
      }
      runStart = d;
      previous = d;
    }
    if (runStart != null) {
      runs.add(run(runStart, previous));
    }
    return String.join(",", runs);
  }

  private static String run(int from, int to) {
    return from == to ? name(from) : name(from) + "-" + name(to);
  }

  private static String name(int day) {
    return day >= 1 && day <= 7
        ? DayOfWeek.of(day).getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
        : Integer.toString(day);
  }

  public static Parsed parse(String text) {
    List<WorkingWindow> windows = new ArrayList<>();
    List<Integer> lineOfWindow = new ArrayList<>();
    Map<Integer, String> problems = new LinkedHashMap<>();
    String[] lines = text == null ? new String[0] : text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        problems.put(i + 1, "write days then hours, like Mon-Fri 09:00-17:00");
        continue;
      }
      List<Integer> days = new ArrayList<>();
      String dayProblem = days(m.group(1), days);
      if (dayProblem != null) {
        problems.put(i + 1, dayProblem);
        continue;
      }
      for (int day : days) {
        windows.add(
            WorkingWindow.newBuilder()
                .setDayOfWeek(day)
                .setStart(padded(m.group(2)))
                .setEnd(padded(m.group(3)))
                .build());
        lineOfWindow.add(i + 1);
      }
    }
    return new Parsed(windows, lineOfWindow, problems);
  }

  /** Fills {@code out} with the days of "Mon-Fri,Sun"; returns a problem, or null. */
  private static String days(String spec, List<Integer> out) {
    for (String part : spec.split(",")) {
      Matcher m = DAY_RANGE.matcher(part.trim());
      if (!m.matches()) {
        return "'" + part.trim() + "' is not a day or a range like Mon-Fri";
      }
      Integer from = day(m.group(1));
      Integer to = m.group(2) == null ? from : day(m.group(2));
      if (from == null || to == null) {
        return "unknown day in '" + part.trim() + "': use Mon, Tue, Wed, Thu, Fri, Sat, Sun";
      }
      if (to < from) {
        return "a day range runs from Monday towards Sunday, like Mon-Fri; write Sat,Sun,Mon";
      }
      for (int d = from; d <= to; d++) {
        if (!out.contains(d)) {
          out.add(d);
        }
      }
    }
    return null;
  }

  /** A day by its name or a prefix of two letters or more ("Mo", "Tue", "thursday"). */
  private static Integer day(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      if (w.length() >= 2 && full.startsWith(w)) {
        return d.getValue();
      }
    }
    return null;
  }

  /** "9:00" as "09:00", the form routing-service stores. */
  private static String padded(String time) {
    return time.length() == 4 ? "0" + time : time;
  }
}
