package dev.leadrouter.sla.businesshours;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rep's working week in their time zone, and the arithmetic of business-hours clocks: "N working
 * minutes after this instant" across nights, weekends and daylight-saving changes.
 *
 * <p>Windows are turned into real instants day by day with {@link ZonedDateTime}, so a window on a
 * DST night counts the hours that really pass (01:00-04:00 on a spring-forward night is two hours,
 * on a fall-back night four), and a window edge that falls into the skipped hour moves to the first
 * valid local time after it, as {@link ZonedDateTime#of} resolves gaps.
 */
public final class BusinessCalendar {
  /**
   * Bounds the search: a week with working time finds any amount within this many days per week of
   * target.
   */
  private static final int MAX_DAYS = 366 * 20;

  private final ZoneId zone;
  private final Map<DayOfWeek, List<WorkingWindow>> byDay = new EnumMap<>(DayOfWeek.class);
  private final boolean empty;

  public BusinessCalendar(ZoneId zone, List<WorkingWindow> windows) {
    this.zone = Objects.requireNonNull(zone, "zone");
    for (DayOfWeek day : DayOfWeek.values()) {
      byDay.put(day, new ArrayList<>());
    }
    for (WorkingWindow w : windows) {
      byDay.get(w.day()).add(w);
    }
    byDay.values().forEach(list -> list.sort(Comparator.comparingInt(WorkingWindow::startMinute)));
    this.empty = windows.isEmpty();
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * The instant after {@code working} time has passed inside working windows, counting from {@code
   * start} (which may be outside working hours: the clock then starts with the next window). With
   * no windows at all the rep is always within hours, as routing.proto defines.
   */
  public Instant plusWorking(Instant start, Duration working) {
    if (working.isNegative()) {
      throw new IllegalArgumentException("working time must not be negative");
    }
    if (empty) {
      return start.plus(working);
    }
    Duration remaining = working;
    LocalDate day = start.atZone(zone).toLocalDate();
    for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
      for (WorkingWindow w : byDay.get(day.getDayOfWeek())) {
        Instant windowStart = at(day, w.startMinute());
        Instant windowEnd = at(day, w.endMinute());
        if (!windowEnd.isAfter(start)) {
          continue;
        }
        Instant from = windowStart.isAfter(start) ? windowStart : start;
        Duration available = Duration.between(from, windowEnd);
        if (available.isNegative() || available.isZero()) {
          continue;
        }
        if (remaining.compareTo(available) <= 0) {
          return from.plus(remaining);
        }
        remaining = remaining.minus(available);
      }
    }
    throw new IllegalStateException(
        "working time " + working + " does not fit into " + MAX_DAYS + " days");
  }

  /**
   * Working time between two instants (for reports and tests); zero when {@code to} is not after
   * {@code from}.
   */
  public Duration workingBetween(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    if (empty) {
      return Duration.between(from, to);
    }
    Duration total = Duration.ZERO;
    for (LocalDate day = from.atZone(zone).toLocalDate();
        !at(day, 0).isAfter(to);
        day = day.plusDays(1)) {
      for (WorkingWindow w : byDay.get(day.getDayOfWeek())) {
        Instant s = max(at(day, w.startMinute()), from);
        Instant e = min(at(day, w.endMinute()), to);
        if (e.isAfter(s)) {
          total = total.plus(Duration.between(s, e));
        }
      }
    }
    return total;
  }

  private Instant at(LocalDate day, int minuteOfDay) {
    if (minuteOfDay == WorkingWindow.END_OF_DAY) {
      // "24:00" is the next day's start, which is not always 00:00 local (some zones skip
      // midnight).
      return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
    return ZonedDateTime.of(day, LocalTime.of(minuteOfDay / 60, minuteOfDay % 60), zone)
        .toInstant();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
