package dev.leadrouter.routing.distribution;

import java.util.Map;

/**
 * A queue's distribution state as stored in PostgreSQL, read and written under the queue row's
 * lock.
 *
 * @param ticket this route's turn number in the queue (0, 1, 2, ... shared by all replicas)
 * @param currentWeights smooth weighted round robin's current weight per member; members missing
 *     here (new, or returning after being unavailable) start at 0
 * @param lastTurns round robin's memory: the ticket of each member's latest assignment in this
 *     queue; members missing here were never assigned in it
 */
public record QueueState(
    long ticket, Map<String, Long> currentWeights, Map<String, Long> lastTurns) {
  public QueueState {
    currentWeights = Map.copyOf(currentWeights);
    lastTurns = Map.copyOf(lastTurns);
  }

  public QueueState(long ticket, Map<String, Long> currentWeights) {
    this(ticket, currentWeights, Map.of());
  }

  public static QueueState initial() {
    return new QueueState(0, Map.of(), Map.of());
  }
}
