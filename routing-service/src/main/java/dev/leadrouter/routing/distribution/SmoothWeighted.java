package dev.leadrouter.routing.distribution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * nginx's smooth weighted round robin: every pick adds each eligible member's weight to its current
 * weight, gives the lead to the highest current weight (first in queue order on a tie) and takes
 * the total weight off the winner. Shares follow the weights over every window, not just in the
 * long run (weights 5:1:1 give a a b a c a a, never a a a a a b c).
 *
 * <p>Only eligible members are kept in the stored vector. A member who was unavailable drops out
 * and, on return, starts again at 0 (the queue's neutral level, since current weights sum to zero),
 * so time off neither earns a catch-up flood nor costs a penalty.
 */
public final class SmoothWeighted {
  private SmoothWeighted() {}

  public static Pick pick(List<String> eligible, ToIntFunction<String> weight, QueueState state) {
    if (eligible.isEmpty()) {
      throw new IllegalArgumentException("no eligible member");
    }
    Map<String, Long> current = new LinkedHashMap<>();
    long total = 0;
    String best = null;
    for (String m : eligible) {
      int w = weight.applyAsInt(m);
      long c = state.currentWeights().getOrDefault(m, 0L) + w;
      current.put(m, c);
      total += w;
      if (best == null || c > current.get(best)) {
        best = m;
      }
    }
    current.put(best, current.get(best) - total);
    return new Pick(
        best,
        new QueueState(state.ticket(), current, state.lastTurns()),
        best
            + " had the highest smooth weighted round-robin credit (weight "
            + weight.applyAsInt(best)
            + " of "
            + total
            + ")");
  }
}
