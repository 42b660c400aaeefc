package dev.leadrouter.routing.distribution;

import dev.leadrouter.routing.matrix.LoadScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The eligible member with the fewest open (assigned, not yet touched) leads. Ties go to whoever
 * was assigned least recently, then rotate by the queue's turn counter: never to whoever was
 * created or listed first. Open counts are current work, not history, so a rep back from time off
 * is compared with the queue's current level and gets no catch-up flood beyond evening out open
 * work.
 */
public final class LoadBalanced {
  private LoadBalanced() {}

  public static Pick pick(List<String> eligible, Map<String, RepLoad> loads, QueueState state) {
    return pick(eligible, loads, state, LoadScope.ALL_QUEUES, null);
  }

  /**
   * @param scope which open leads count: every queue's, or only those of {@code queueId}
   */
  public static Pick pick(
      List<String> eligible,
      Map<String, RepLoad> loads,
      QueueState state,
      LoadScope scope,
      String queueId) {
    if (eligible.isEmpty()) {
      throw new IllegalArgumentException("no eligible member");
    }
    Comparator<String> order =
        Comparator.<String>comparingInt(m -> load(loads, m).open(scope, queueId))
            .thenComparing(
                m -> load(loads, m).lastAssigned(),
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
    String first = eligible.stream().min(order).orElseThrow();
    List<String> tied = new ArrayList<>();
    for (String m : eligible) {
      if (order.compare(m, first) == 0) {
        tied.add(m);
      }
    }
    String chosen = RoundRobin.pick(tied, state.ticket());
    return new Pick(
        chosen,
        state,
        chosen
            + " had the fewest open leads"
            + (scope == LoadScope.QUEUE ? " in this queue (" : " (")
            + load(loads, chosen).open(scope, queueId)
            + ")"
            + (tied.size() > 1 ? ", tie among " + tied.size() + " broken by turn" : ""));
  }

  private static RepLoad load(Map<String, RepLoad> loads, String repId) {
    return loads.getOrDefault(repId, RepLoad.none(repId));
  }
}
