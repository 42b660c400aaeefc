package dev.leadrouter.routing.decision;

import dev.leadrouter.routing.matrix.Queue;
import dev.leadrouter.routing.matrix.Rule;
import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.v1.CandidateEvaluation;
import dev.leadrouter.v1.DecisionTrace;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RuleEvaluation;
import dev.leadrouter.v1.SkipReason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the matrix for a lead: first matching rule, then the queue's eligible members, falling
 * back to the queue's backup and finally the catch-all so that a lead is never left unassigned.
 * Pure: the caller supplies matrix and reps, and applies the strategy with a ticket from the store.
 */
public final class RouteDecider {
  public static final String CATCH_ALL_RULE = "catch_all";
  private final Availability availability = new Availability();

  public QueueChoice choose(Lead lead, RoutingMatrix matrix, Map<String, Rep> reps, Set<String> excluded) {
    DecisionTrace.Builder trace = DecisionTrace.newBuilder();
    Rule matched = null;
    for (Rule rule : matrix.rules()) {
      boolean m = matched == null && rule.matches(lead);
      if (matched == null) {
        trace.addRules(RuleEvaluation.newBuilder().setRuleId(rule.id()).setPriority(rule.priority()).setMatched(m)
            .setDetail(rule.describe() + (m ? ": matched" : ": no match")));
      }
      if (m) {
        matched = rule;
      }
    }
    String ruleId = matched == null ? CATCH_ALL_RULE : matched.id();
    Queue queue = matrix.queue(matched == null ? matrix.catchAllQueue() : matched.queueId());
    if (matched == null) {
      trace.addFallbacks("no rule matched: catch-all queue " + queue.id());
    }
    Set<String> visited = new HashSet<>();
    while (true) {
      visited.add(queue.id());
      List<String> eligible = evaluate(queue, reps, excluded, trace);
      boolean catchAll = queue.id().equals(matrix.catchAllQueue());
      if (!eligible.isEmpty()) {
        return new QueueChoice(queue, ruleId, catchAll, eligible, trace.setQueueId(queue.id()).setStrategy(queue.strategy()), false);
      }
      Queue next = nextQueue(matrix, queue, visited);
      if (next == null) {
        return lastResort(matrix, reps, ruleId, trace);
      }
      trace.addFallbacks("no eligible member in " + queue.id() + ": trying " + next.id());
      queue = next;
    }
  }

  private List<String> evaluate(Queue queue, Map<String, Rep> reps, Set<String> excluded, DecisionTrace.Builder trace) {
    List<String> eligible = new ArrayList<>();
    for (String member : queue.members()) {
      SkipReason reason = availability.check(reps.get(member), excluded);
      trace.addCandidates(CandidateEvaluation.newBuilder().setRepId(member)
          .setEligible(reason == SkipReason.SKIP_REASON_NONE).setSkipReason(reason)
          .setDetail(queue.id()));
      if (reason == SkipReason.SKIP_REASON_NONE) {
        eligible.add(member);
      }
    }
    return eligible;
  }

  private static Queue nextQueue(RoutingMatrix matrix, Queue queue, Set<String> visited) {
    if (queue.backupQueue() != null && !visited.contains(queue.backupQueue())) {
      return matrix.queue(queue.backupQueue());
    }
    if (!visited.contains(matrix.catchAllQueue())) {
      return matrix.queue(matrix.catchAllQueue());
    }
    return null;
  }

  /**
   * Nobody anywhere is eligible: rather than drop the lead, give it to the catch-all's active
   * members regardless of status, flagged, so a human sees it and it is never lost.
   */
  private static QueueChoice lastResort(RoutingMatrix matrix, Map<String, Rep> reps, String ruleId, DecisionTrace.Builder trace) {
    Queue catchAll = matrix.queue(matrix.catchAllQueue());
    List<String> members = catchAll.members().stream()
        .filter(id -> reps.containsKey(id) && reps.get(id).getActive()).toList();
    if (members.isEmpty()) {
      members = catchAll.members();
    }
    trace.addFallbacks("no eligible rep in any queue: catch-all members assigned regardless of availability");
    return new QueueChoice(catchAll, ruleId, true, members, trace.setQueueId(catchAll.id()).setStrategy(catchAll.strategy()), true);
  }
}
