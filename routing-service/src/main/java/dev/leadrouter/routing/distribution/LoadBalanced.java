package dev.leadrouter.routing.distribution;

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
    if (eligible.isEmpty()) {
      throw new IllegalArgumentException("no eligible member");
    }
    Comparator<String> order =
        Comparator.<String>comparingInt(m -> load(loads, m).open())
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
            + " had the fewest open leads ("
            + load(loads, chosen).open()
            + ")"
            + (tied.size() > 1 ? ", tie among " + tied.size() + " broken by turn" : ""));
  }

  private static RepLoad load(Map<String, RepLoad> loads, String repId) {
    return loads.getOrDefault(repId, RepLoad.none(repId));
  }
}
