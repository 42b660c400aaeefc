package dev.leadrouter.routing.distribution;

import java.util.Map;

/**
 * A queue's distribution state as stored in PostgreSQL, read and written under the queue row's
 * lock.
 *
 * @param ticket this route's turn number in the queue (0, 1, 2, ... shared by all replicas)
 * @param currentWeights smooth weighted round robin's current weight per member; members missing
 *     here (new, or returning after being unavailable) start at 0
 */
public record QueueState(long ticket, Map<String, Long> currentWeights) {
  public QueueState {
    currentWeights = Map.copyOf(currentWeights);
  }

  public static QueueState initial() {
    return new QueueState(0, Map.of());
  }
}
