package dev.leadrouter.routing.decision;

import dev.leadrouter.v1.RuleEvaluation;
import java.util.List;

/**
 * Everything decided in memory for a lead: which rule matched, its score, and the queues to try in
 * order with who in each is available. The strategy pick happens later, under the queue's lock.
 *
 * @param ruleId the matching rule, or {@link RouteDecider#NO_RULE} (empty)
 */
public record RoutePlan(
    long matrixVersion,
    String ruleId,
    Score score,
    List<RuleEvaluation> rules,
    List<QueueStep> steps,
    String catchAllQueue) {

  public boolean ruleMatched() {
    return !ruleId.equals(RouteDecider.NO_RULE);
  }

  /** True when some queue on the way has at least one available rep. */
  public boolean anyoneAvailable() {
    return steps.stream().anyMatch(s -> !s.available().isEmpty());
  }
}
