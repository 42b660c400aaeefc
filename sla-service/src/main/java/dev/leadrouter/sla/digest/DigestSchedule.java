package dev.leadrouter.sla.digest;

import java.time.Duration;
import java.time.Instant;

/**
 * When a manager's escalation digest goes out: once the escalations caught up after an outage have
 * had {@code gather} to collect (a restart fires its backlog over seconds, and one digest should
 * list all of it), and at most once per {@code minInterval} per manager (rate limit: a backlog that
 * keeps arriving is sent as a few digests, never as a stream).
 */
public record DigestSchedule(Duration gather, Duration minInterval) {
  public DigestSchedule {
    if (gather.isNegative() || minInterval.isNegative()) {
      throw new IllegalArgumentException("digest gather and interval must be >= 0");
    }
  }

  /**
   * @param oldestPending when the manager's oldest escalation not yet in a digest was queued
   * @param lastSent when the manager's previous digest was sent, or null if never
   */
  public boolean due(Instant oldestPending, Instant lastSent, Instant now) {
    if (oldestPending == null) {
      return false;
    }
    boolean gathered = !now.isBefore(oldestPending.plus(gather));
    boolean rested = lastSent == null || !now.isBefore(lastSent.plus(minInterval));
    return gathered && rested;
  }

  /** The earliest time a digest could be due, for the log line saying when the next one goes. */
  public Instant nextPossible(Instant oldestPending, Instant lastSent) {
    Instant gathered = oldestPending.plus(gather);
    Instant rested = lastSent == null ? gathered : lastSent.plus(minInterval);
    return gathered.isAfter(rested) ? gathered : rested;
  }
}
