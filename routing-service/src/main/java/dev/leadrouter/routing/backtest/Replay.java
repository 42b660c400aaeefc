package dev.leadrouter.routing.backtest;

import dev.leadrouter.routing.decision.Placement;
import dev.leadrouter.routing.decision.QueueStep;
import dev.leadrouter.routing.decision.RouteDecider;
import dev.leadrouter.routing.decision.RoutePlan;
import dev.leadrouter.routing.distribution.Distribution;
import dev.leadrouter.routing.distribution.Pick;
import dev.leadrouter.routing.distribution.QueueState;
import dev.leadrouter.routing.distribution.RepLoad;
import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.v1.BacktestDecision;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Rep;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Routes leads one after another against one matrix entirely in memory: the same decider, placement
 * and strategies as a real route, but each turn and each new open lead goes into this object's own
 * copies of the queue states and rep loads, so nothing is stored and no real turn moves. Pure: no
 * I/O, no clock of its own.
 */
public final class Replay {
  private final RouteDecider decider = new RouteDecider();
  private final RoutingMatrix matrix;
  private final Map<String, Rep> reps;
  private final Instant now;
  private final Map<String, QueueState> turns;
  private final Map<String, RepLoad> loads;
  private long decided;

  /**
   * @param turns each queue's state as stored now (queues missing start at the beginning)
   * @param loads each rep's load as stored now (reps missing have none)
   */
  public Replay(
      RoutingMatrix matrix,
      Map<String, Rep> reps,
      Map<String, QueueState> turns,
      Map<String, RepLoad> loads,
      Instant now) {
    this.matrix = matrix;
    this.reps = reps;
    this.now = now;
    this.turns = new HashMap<>(turns);
    this.loads = new HashMap<>(loads);
  }

  public BacktestDecision decide(Lead lead) {
    RoutePlan plan = decider.plan(lead, matrix, reps, Set.of(), now);
    Placement placement = Placement.of(plan, reps, loads);
    if (placement == null) {
      return BacktestDecision.newBuilder().setRuleId(plan.ruleId()).setUnroutable(true).build();
    }
    QueueStep step = plan.steps().get(placement.stepIndex());
    String queueId = step.queue().id();
    QueueState state = turns.getOrDefault(queueId, QueueState.initial());
    Pick pick = Distribution.pick(step.queue(), placement.eligible(), state, loads);
    turns.put(queueId, new QueueState(state.ticket() + 1, pick.next().currentWeights()));
    // Each replayed lead is one more open lead for its rep, later than every earlier one.
    decided++;
    RepLoad was = loads.getOrDefault(pick.repId(), RepLoad.none(pick.repId()));
    loads.put(
        pick.repId(),
        new RepLoad(pick.repId(), was.open() + 1, was.today() + 1, now.plusNanos(decided)));
    return BacktestDecision.newBuilder()
        .setRuleId(plan.ruleId())
        .setQueueId(queueId)
        .setRepId(pick.repId())
        .setCatchAll(queueId.equals(plan.catchAllQueue()))
        .build();
  }
}
