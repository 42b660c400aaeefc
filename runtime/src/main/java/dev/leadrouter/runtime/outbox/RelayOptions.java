package dev.leadrouter.runtime.outbox;

import dev.leadrouter.runtime.config.Settings;
import java.time.Duration;

/**
 * How a relay polls, leases and tells a dead relay from a live one.
 *
 * @param pollInterval how often to look for due rows when no NOTIFY arrived (missed notifications,
 *     backoff expiry)
 * @param lease how long a claimed row is ours; the rows of a killed relay nobody declared dead
 *     return to the pool after this
 * @param batchSize rows claimed per round trip, processed concurrently
 * @param heartbeat how often the relay records that it is alive
 * @param deadAfter a relay whose last heartbeat is older than this is dead: its rows are released
 *     at once instead of after their lease
 */
public record RelayOptions(
    Duration pollInterval,
    Duration lease,
    int batchSize,
    Backoff backoff,
    Duration heartbeat,
    Duration deadAfter) {

  public RelayOptions {
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalStateException(
          "Setting LEADROUTER_OUTBOX_HEARTBEAT must be positive, got " + heartbeat);
    }
    // Two missed beats in a row must not make a relay dead (one slow statement is no death), and a
    // dead relay must be found before its lease would have freed its rows anyway.
    if (deadAfter.compareTo(heartbeat.multipliedBy(2)) <= 0 || deadAfter.compareTo(lease) >= 0) {
      throw new IllegalStateException(
          "Setting LEADROUTER_OUTBOX_DEAD_AFTER ("
              + deadAfter
              + ") must be more than twice LEADROUTER_OUTBOX_HEARTBEAT ("
              + heartbeat
              + ") and less than LEADROUTER_OUTBOX_LEASE ("
              + lease
              + ")");
    }
  }

  /** Options with the default heartbeat and dead-after for the lease. */
  public RelayOptions(Duration pollInterval, Duration lease, int batchSize, Backoff backoff) {
    this(pollInterval, lease, batchSize, backoff, defaultHeartbeat(lease), defaultDeadAfter(lease));
  }

  public static RelayOptions from(Settings settings) {
    Duration lease = settings.duration("LEADROUTER_OUTBOX_LEASE", Duration.ofSeconds(30));
    return new RelayOptions(
        settings.duration("LEADROUTER_OUTBOX_POLL_INTERVAL", Duration.ofSeconds(1)),
        lease,
        settings.integer("LEADROUTER_OUTBOX_BATCH_SIZE", 32),
        Backoff.standard(),
        settings.duration("LEADROUTER_OUTBOX_HEARTBEAT", defaultHeartbeat(lease)),
        settings.duration("LEADROUTER_OUTBOX_DEAD_AFTER", defaultDeadAfter(lease)));
  }

  /**
   * 1 s, or a tenth of a lease shorter than 10 s: a short lease set before these settings existed
   * stays a valid configuration.
   */
  private static Duration defaultHeartbeat(Duration lease) {
    return min(Duration.ofSeconds(1), lease.dividedBy(10));
  }

  /** 6 s, or six tenths of a lease shorter than 10 s. */
  private static Duration defaultDeadAfter(Duration lease) {
    return min(Duration.ofSeconds(6), lease.multipliedBy(6).dividedBy(10));
  }

  /**
   * The longest a single delivery may take; well inside the lease so no other relay steals a live
   * row.
   */
  public Duration deliveryTimeout() {
    return lease.dividedBy(2);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
