package dev.leadrouter.sla.weekly;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * When the weekly breach report goes out: a day of the week and a local time in a zone ({@code
 * SLA_WEEKLY_REPORT_DAY}, {@code SLA_WEEKLY_REPORT_TIME}, {@code SLA_WEEKLY_REPORT_ZONE}). Each
 * report covers the week before its send time, in local time, so a DST week is 167 or 169 hours.
 */
public record WeeklySchedule(DayOfWeek day, LocalTime time, ZoneId zone) {
  public WeeklySchedule {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(zone, "zone");
  }

  /** One report: clocks with deadlines in [start, end). */
  public record Period(Instant start, Instant end) {}

  /** The latest period whose send time is at or before {@code now}. */
  public Period latestDue(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    ZonedDateTime candidate = local.with(TemporalAdjusters.previousOrSame(day)).with(time);
    if (candidate.isAfter(local)) {
      candidate = candidate.minusWeeks(1);
    }
    ZonedDateTime start = candidate.minusWeeks(1).with(time);
    return new Period(start.toInstant(), candidate.toInstant());
  }
}
