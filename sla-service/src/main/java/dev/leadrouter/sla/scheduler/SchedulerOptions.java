package dev.leadrouter.sla.scheduler;

import dev.leadrouter.runtime.config.Settings;
import java.time.Duration;

/**
 * How the ladder scheduler leases and holds clocks.
 *
 * <ul>
 *   <li>{@code SLA_SCHEDULER_LEASE} (10s): a replica's claim on a clock; a killed replica's clocks
 *       fire elsewhere once it ran out.
 *   <li>{@code SLA_SCHEDULER_HEARTBEAT} (3s): how often held leases are extended; well under the
 *       lease.
 *   <li>{@code SLA_SCHEDULER_HORIZON} (5s): clocks due this soon are claimed and held as timers.
 *   <li>{@code SLA_SCHEDULER_POLL} (1s): how often to look for clocks coming due; shorter than the
 *       horizon so a clock is held before it is due.
 *   <li>{@code SLA_SCHEDULER_BATCH} (500): clocks claimed per round trip.
 *   <li>{@code SLA_SCHEDULER_MAX_HELD} (50000): at most this many timers per instance, bounding
 *       memory in a burst; the rest wait in the table for the next claim.
 * </ul>
 */
public record SchedulerOptions(
    Duration lease,
    Duration heartbeat,
    Duration horizon,
    Duration poll,
    int batchSize,
    int maxHeld) {
  public SchedulerOptions {
    if (heartbeat.compareTo(lease) >= 0) {
      throw new IllegalStateException(
          "SLA_SCHEDULER_HEARTBEAT must be shorter than SLA_SCHEDULER_LEASE");
    }
    if (poll.isZero() || poll.isNegative() || batchSize < 1 || maxHeld < batchSize) {
      throw new IllegalStateException(
          "SLA_SCHEDULER_POLL must be positive and SLA_SCHEDULER_BATCH between 1 and SLA_SCHEDULER_MAX_HELD");
    }
  }

  public static SchedulerOptions from(Settings s) {
    return new SchedulerOptions(
        s.duration("SLA_SCHEDULER_LEASE", Duration.ofSeconds(10)),
        s.duration("SLA_SCHEDULER_HEARTBEAT", Duration.ofSeconds(3)),
        s.duration("SLA_SCHEDULER_HORIZON", Duration.ofSeconds(5)),
        s.duration("SLA_SCHEDULER_POLL", Duration.ofSeconds(1)),
        s.integer("SLA_SCHEDULER_BATCH", 500),
        s.integer("SLA_SCHEDULER_MAX_HELD", 50_000));
  }
}
