package dev.leadrouter.routing.decision;

import dev.leadrouter.routing.availability.Availability;
import dev.leadrouter.routing.availability.Availability.Verdict;
import dev.leadrouter.routing.matrix.Queue;
import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.routing.matrix.Rule;
import dev.leadrouter.routing.matrix.Strategy;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RuleEvaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the matrix for a lead in memory: the score, the first matching rule, then the chain of
 * queues to try (matched queue, its backups, the catch-all) with each candidate's availability.
 * Pure: no I/O, no clock of its own, so it runs on the event loop and in unit tests alike.
 */
public final class RouteDecider {
  /**
   * The rule id of a lead no rule matched: empty, as the contract says, so no rule a user names
   * (even "catch_all") can be mistaken for it.
   */
  public static final String NO_RULE = "";

  private final Availability availability = new Availability();

  public RoutePlan plan(
      Lead lead, RoutingMatrix matrix, Map<String, Rep> reps, Set<String> excluded, Instant now) {
    Score score = Score.of(lead, matrix.scoring());
    List<RuleEvaluation> evaluated = new ArrayList<>();
    Rule matched = null;
    for (Rule rule : matrix.rules()) {
      var outcome = rule.when().evaluate(lead, score.total());
      evaluated.add(
          RuleEvaluation.newBuilder()
              .setRuleId(rule.id())
              .setPriority(rule.priority())
              .setMatched(outcome.matched())
              .setDetail(
                  rule.when().source()
                      + (outcome.error() != null
                          ? ": evaluation error, treated as no match: " + outcome.error()
                          : outcome.matched() ? ": matched" : ": no match"))
              .build());
      if (outcome.matched()) {
        matched = rule;
        break;
      }
    }
    String ruleId = matched == null ? NO_RULE : matched.id();
    Queue queue = matrix.queue(matched == null ? matrix.catchAllQueue() : matched.queueId());
    List<QueueStep> steps = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    while (queue != null && visited.add(queue.id())) {
      steps.add(step(queue, lead, reps, excluded, now));
      queue = next(matrix, queue, visited);
    }
    return new RoutePlan(matrix.version(), ruleId, score, evaluated, steps, matrix.catchAllQueue());
  }

  private QueueStep step(
      Queue queue, Lead lead, Map<String, Rep> reps, Set<String> excluded, Instant now) {
    List<String> candidates;
    String note = null;
    if (queue.strategy() == Strategy.NAMED_OWNER) {
      candidates = List.of(queue.owner());
    } else if (queue.strategy() == Strategy.ACCOUNT_OWNER) {
      String owner = lead.getAccountOwnerRepId();
      candidates = owner.isEmpty() ? List.of() : List.of(owner);
      note = owner.isEmpty() ? "the lead has no account owner" : null;
    } else {
      candidates = queue.members();
    }
    Map<String, Verdict> verdicts = new LinkedHashMap<>();
    List<String> available = new ArrayList<>();
    for (String id : candidates) {
      Verdict v = availability.check(reps.get(id), queue.required(), excluded, now);
      verdicts.put(id, v);
      if (v.eligible()) {
        available.add(id);
      }
    }
    return new QueueStep(queue, verdicts, available, note);
  }

  private static Queue next(RoutingMatrix matrix, Queue queue, Set<String> visited) {
    if (queue.backupQueue() != null && !visited.contains(queue.backupQueue())) {
      return matrix.queue(queue.backupQueue());
    }
    return visited.contains(matrix.catchAllQueue()) ? null : matrix.queue(matrix.catchAllQueue());
  }
}
