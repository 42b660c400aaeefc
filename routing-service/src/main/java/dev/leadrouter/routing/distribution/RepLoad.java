package dev.leadrouter.routing.distribution;

import dev.leadrouter.routing.matrix.LoadScope;
import java.time.Instant;
import java.util.Map;

/**
 * A rep's current load, counted from assignments in the database.
 *
 * @param open current assignments not yet first-touched
 * @param today assignments since the start of the rep's local day
 * @param lastAssigned the rep's latest assignment, or null if never
 * @param openByQueue the open leads per queue they came from (sums to {@code open})
 */
public record RepLoad(
    String repId, int open, int today, Instant lastAssigned, Map<String, Integer> openByQueue) {
  public RepLoad {
    openByQueue = Map.copyOf(openByQueue);
  }

  public RepLoad(String repId, int open, int today, Instant lastAssigned) {
    this(repId, open, today, lastAssigned, Map.of());
  }

  public static RepLoad none(String repId) {
    return new RepLoad(repId, 0, 0, null);
  }

  /** Open leads as a load-balanced queue with this scope counts them. */
  public int open(LoadScope scope, String queueId) {
    return scope == LoadScope.QUEUE ? openByQueue.getOrDefault(queueId, 0) : open;
  }
}
