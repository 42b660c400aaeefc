package dev.leadrouter.routing.decision;

import com.google.protobuf.Duration;
import dev.leadrouter.routing.availability.Availability.Verdict;
import dev.leadrouter.routing.distribution.Pick;
import dev.leadrouter.v1.CandidateEvaluation;
import dev.leadrouter.v1.DecisionTrace;
import dev.leadrouter.v1.SkipReason;

/** Writes a decision's trace and its one-sentence reason from the plan, placement and pick. */
public final class Explanation {
  private Explanation() {}

  public static DecisionTrace trace(
      RoutePlan plan, Placement placement, Pick pick, long elapsedNanos) {
    DecisionTrace.Builder t =
        DecisionTrace.newBuilder()
            .addAllRules(plan.rules())
            .setScore(plan.score().total())
            .addAllScoreContributions(plan.score().contributions())
            .setElapsed(
                Duration.newBuilder()
                    .setSeconds(elapsedNanos / 1_000_000_000)
                    .setNanos((int) (elapsedNanos % 1_000_000_000)));
    if (!plan.ruleMatched()) {
      t.addFallbacks("no rule matched: catch-all queue " + plan.catchAllQueue());
    }
    int last = placement == null ? plan.steps().size() - 1 : placement.stepIndex();
    for (int i = 0; i <= last; i++) {
      QueueStep step = plan.steps().get(i);
      for (var e : step.candidates().entrySet()) {
        t.addCandidates(candidate(step, e.getKey(), e.getValue(), placement, pick, i == last));
      }
      if (placement == null || i < last) {
        String next =
            i + 1 < plan.steps().size()
                ? "trying " + plan.steps().get(i + 1).queue().id()
                : "no queue left";
        String why =
            step.note() != null
                ? step.note()
                : step.available().isEmpty()
                    ? "no eligible member"
                    : "every available member is at capacity";
        t.addFallbacks(why + " in " + step.queue().id() + ": " + next);
      }
    }
    QueueStep chosen = plan.steps().get(last);
    return t.setQueueId(chosen.queue().id()).setStrategy(chosen.queue().strategy().key()).build();
  }

  private static CandidateEvaluation candidate(
      QueueStep step,
      String repId,
      Verdict availability,
      Placement placement,
      Pick pick,
      boolean chosenStep) {
    Verdict v = availability;
    if (v.eligible() && placement != null && placement.capacity().containsKey(repId)) {
      v = placement.capacity().get(repId);
    }
    boolean chosen = chosenStep && pick != null && v.eligible() && pick.repId().equals(repId);
    SkipReason reason =
        !v.eligible()
            ? v.reason()
            : chosen ? SkipReason.SKIP_REASON_NONE : SkipReason.SKIP_REASON_NOT_CHOSEN;
    return CandidateEvaluation.newBuilder()
        .setRepId(repId)
        .setQueueId(step.queue().id())
        .setEligible(v.eligible())
        .setSkipReason(reason)
        .setDetail(
            step.queue().id()
                + ": "
                + (chosen
                    ? "chosen"
                    : v.eligible() && chosenStep ? "eligible, not chosen" : v.detail()))
        .setChosen(chosen)
        .build();
  }

  public static String reason(RoutePlan plan, Placement placement, Pick pick) {
    String queue = plan.steps().get(placement.stepIndex()).queue().id();
    String why =
        plan.ruleMatched()
            ? "Rule "
                + plan.ruleId()
                + " matched and sent the lead to queue "
                + plan.steps().get(0).queue().id()
            : "No routing rule matched, so the lead went to the catch-all queue "
                + plan.catchAllQueue();
    if (placement.stepIndex() > 0) {
      why += "; nobody there could take it, so it fell back to queue " + queue;
    }
    return why + "; " + pick.why() + ".";
  }
}
