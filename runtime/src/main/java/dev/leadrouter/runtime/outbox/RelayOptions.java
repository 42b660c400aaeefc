package dev.leadrouter.runtime.outbox;

import dev.leadrouter.runtime.config.Settings;
import java.time.Duration;

/**
 * How a relay polls and leases.
 *
 * @param pollInterval how often to look for due rows when no NOTIFY arrived (missed notifications,
 *     backoff expiry)
 * @param lease how long a claimed row is ours; a killed relay's rows return to the pool after this
 * @param batchSize rows claimed per round trip, processed concurrently
 */
public record RelayOptions(Duration pollInterval, Duration lease, int batchSize, Backoff backoff) {

  public static RelayOptions from(Settings settings) {
    return new RelayOptions(
        settings.duration("LEADROUTER_OUTBOX_POLL_INTERVAL", Duration.ofSeconds(1)),
        settings.duration("LEADROUTER_OUTBOX_LEASE", Duration.ofSeconds(30)),
        settings.integer("LEADROUTER_OUTBOX_BATCH_SIZE", 32),
        Backoff.standard());
  }

  /**
   * The longest a single delivery may take; well inside the lease so no other relay steals a live
   * row.
   */
  public Duration deliveryTimeout() {
    return lease.dividedBy(2);
  }
}
