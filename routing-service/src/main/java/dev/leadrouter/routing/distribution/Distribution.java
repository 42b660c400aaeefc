package dev.leadrouter.routing.distribution;

import dev.leadrouter.routing.matrix.Queue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies a queue's strategy to the members still eligible after availability and capacity. */
public final class Distribution {
  private Distribution() {}

  public static Pick pick(
      Queue queue, List<String> eligible, QueueState state, Map<String, RepLoad> loads) {
    return switch (queue.strategy()) {
      case ROUND_ROBIN -> {
        String rep = RoundRobin.leastRecent(eligible, state.lastTurns());
        Map<String, Long> lastTurns = new HashMap<>(state.lastTurns());
        lastTurns.put(rep, state.ticket());
        yield new Pick(
            rep,
            new QueueState(state.ticket(), state.currentWeights(), lastTurns),
            rep
                + " was next in round robin (turn "
                + (state.ticket() + 1)
                + " among "
                + eligible.size()
                + " available reps)");
      }
      case WEIGHTED -> SmoothWeighted.pick(eligible, queue::weight, state);
      case LOAD_BALANCED ->
          LoadBalanced.pick(eligible, loads, state, queue.loadScope(), queue.id());
      case NAMED_OWNER -> new Pick(eligible.get(0), state, eligible.get(0) + " owns this queue");
      case ACCOUNT_OWNER ->
          new Pick(eligible.get(0), state, eligible.get(0) + " owns the lead's account");
    };
  }
}
