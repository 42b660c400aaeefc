package dev.leadrouter.routing.decision;

import static dev.leadrouter.routing.decision.Plans.AWAY;
import static dev.leadrouter.routing.decision.Plans.OK;
import static dev.leadrouter.routing.decision.Plans.queue;
import static dev.leadrouter.routing.decision.Plans.rep;
import static dev.leadrouter.routing.decision.Plans.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.leadrouter.routing.distribution.Pick;
import dev.leadrouter.routing.distribution.QueueState;
import dev.leadrouter.routing.distribution.RepLoad;
import dev.leadrouter.routing.matrix.Strategy;
import dev.leadrouter.v1.CandidateEvaluation;
import dev.leadrouter.v1.DecisionTrace;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RuleEvaluation;
import dev.leadrouter.v1.SkipReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationTest {
  private final QueueStep first =
      step(
          queue("first", Strategy.ROUND_ROBIN, "ann", "bob", "eve"),
          "ann",
          OK,
          "bob",
          OK,
          "eve",
          AWAY);
  private final QueueStep second =
      step(queue("second", Strategy.LOAD_BALANCED, "cat", "dan"), "cat", OK, "dan", OK);
  private final RoutePlan plan =
      new RoutePlan(
          7,
          "big-deals",
          new Score(60, List.of("enterprise: +50", "intent: +10")),
          List.of(RuleEvaluation.newBuilder().setRuleId("big-deals").setMatched(true).build()),
          List.of(first, second),
          "catch-all");
  private final Pick bobPicked = new Pick("bob", QueueState.initial(), "bob was next");

  /** Everyone uncapped, but for the caps given as id, maxOpen, maxDay triples. */
  private static Map<String, Rep> reps(Object... caps) {
    Map<String, Rep> out = new HashMap<>();
    for (String id : List.of("ann", "bob", "cat", "dan", "eve")) {
      out.put(id, rep(id, 0, 0));
    }
    for (int i = 0; i < caps.length; i += 3) {
      out.put((String) caps[i], rep((String) caps[i], (int) caps[i + 1], (int) caps[i + 2]));
    }
    return out;
  }

  @Test
  void traceCarriesRulesScoreAndElapsedTime() {
    Placement p = Placement.of(plan, reps(), Map.of());

    DecisionTrace t = Explanation.trace(plan, p, bobPicked, 2_500_000_123L);

    assertThat(t.getRulesList()).isEqualTo(plan.rules());
    assertThat(t.getScore()).isEqualTo(60);
    assertThat(t.getScoreContributionsList()).containsExactly("enterprise: +50", "intent: +10");
    assertThat(t.getElapsed().getSeconds()).isEqualTo(2);
    assertThat(t.getElapsed().getNanos()).isEqualTo(500_000_123);
    assertThat(t.getFallbacksList()).isEmpty();
    assertThat(t.getQueueId()).isEqualTo("first");
    assertThat(t.getStrategy()).isEqualTo("round_robin");
  }

  @Test
  void everyCandidateOfTheChosenStepHasItsReason() {
    Placement p = Placement.of(plan, reps(), Map.of());

    DecisionTrace t = Explanation.trace(plan, p, bobPicked, 0);

    assertThat(t.getCandidatesList())
        .extracting(
            CandidateEvaluation::getRepId,
            CandidateEvaluation::getEligible,
            CandidateEvaluation::getChosen,
            CandidateEvaluation::getSkipReason,
            CandidateEvaluation::getDetail)
        .containsExactly(
            tuple(
                "ann",
                true,
                false,
                SkipReason.SKIP_REASON_NOT_CHOSEN,
                "first: eligible, not chosen"),
            tuple("bob", true, true, SkipReason.SKIP_REASON_NONE, "first: chosen"),
            tuple("eve", false, false, SkipReason.SKIP_REASON_STATUS, "first: away"));
  }

  @Test
  void aCandidateOverItsCapShowsTheCapacityVerdict() {
    Placement p =
        Placement.of(plan, reps("ann", 1, 0), Map.of("ann", new RepLoad("ann", 1, 0, null)));

    DecisionTrace t = Explanation.trace(plan, p, bobPicked, 0);

    assertThat(t.getCandidates(0))
        .extracting(
            CandidateEvaluation::getEligible,
            CandidateEvaluation::getSkipReason,
            CandidateEvaluation::getDetail)
        .containsExactly(false, SkipReason.SKIP_REASON_OVER_CAPACITY, "first: 1/1 open leads");
  }

  @Test
  void aFallbackListsTheEarlierStepAndWhyItWasPassed() {
    Placement p =
        Placement.of(
            plan,
            reps("ann", 1, 0, "bob", 0, 1),
            Map.of("ann", new RepLoad("ann", 1, 0, null), "bob", new RepLoad("bob", 0, 1, null)));
    Pick catPicked = new Pick("cat", QueueState.initial(), "cat had the fewest open leads (0)");

    DecisionTrace t = Explanation.trace(plan, p, catPicked, 0);

    assertThat(t.getFallbacksList())
        .containsExactly("every available member is at capacity in first: trying second");
    assertThat(t.getQueueId()).isEqualTo("second");
    assertThat(t.getStrategy()).isEqualTo("load_balanced");
    assertThat(t.getCandidatesList())
        .extracting(
            CandidateEvaluation::getRepId,
            CandidateEvaluation::getChosen,
            CandidateEvaluation::getSkipReason,
            CandidateEvaluation::getDetail)
        .containsExactly(
            tuple("ann", false, SkipReason.SKIP_REASON_OVER_CAPACITY, "first: 1/1 open leads"),
            tuple("bob", false, SkipReason.SKIP_REASON_OVER_DAILY_CAP, "first: 1/1 leads today"),
            tuple("eve", false, SkipReason.SKIP_REASON_STATUS, "first: away"),
            tuple("cat", true, SkipReason.SKIP_REASON_NONE, "second: chosen"),
            tuple("dan", false, SkipReason.SKIP_REASON_NOT_CHOSEN, "second: eligible, not chosen"));
    assertThat(Explanation.reason(plan, p, catPicked))
        .isEqualTo(
            "Rule big-deals matched and sent the lead to queue first; nobody there could take it,"
                + " so it fell back to queue second; cat had the fewest open leads (0).");
  }

  @Test
  void anEligibleRepOfAPassedStepIsNotChosenWithItsAvailabilityDetail() {
    // A placement made elsewhere (e.g. under lock) can land past a step whose rep looked eligible.
    Placement p = new Placement(1, List.of("cat"), Map.of());
    Pick catPicked = new Pick("cat", QueueState.initial(), "why");

    DecisionTrace t = Explanation.trace(plan, p, catPicked, 0);

    assertThat(t.getCandidates(1))
        .extracting(
            CandidateEvaluation::getRepId,
            CandidateEvaluation::getEligible,
            CandidateEvaluation::getChosen,
            CandidateEvaluation::getSkipReason,
            CandidateEvaluation::getDetail)
        .containsExactly("bob", true, false, SkipReason.SKIP_REASON_NOT_CHOSEN, "first: available");
  }

  @Test
  void withNoPlacementEveryStepIsListedAndTheLastSaysNoQueueIsLeft() {
    QueueStep empty = step(queue("empty", Strategy.ROUND_ROBIN, "eve"), "eve", AWAY);
    QueueStep noted =
        new QueueStep(
            queue("owners", Strategy.ACCOUNT_OWNER), Map.of(), List.of(), "the lead has no owner");
    RoutePlan nobody =
        new RoutePlan(
            7, "", new Score(0, List.of()), List.of(), List.of(noted, empty), "catch-all");

    DecisionTrace t = Explanation.trace(nobody, null, null, 0);

    assertThat(t.getFallbacksList())
        .containsExactly(
            "no rule matched: catch-all queue catch-all",
            "the lead has no owner in owners: trying empty",
            "no eligible member in empty: no queue left");
    assertThat(t.getQueueId()).isEqualTo("empty");
    assertThat(t.getCandidatesList())
        .extracting(CandidateEvaluation::getRepId, CandidateEvaluation::getChosen)
        .containsExactly(tuple("eve", false));
  }

  @Test
  void noPickMeansNobodyIsChosen() {
    Placement p = Placement.of(plan, reps(), Map.of());

    DecisionTrace t = Explanation.trace(plan, p, null, 0);

    assertThat(t.getCandidatesList()).noneMatch(CandidateEvaluation::getChosen);
    assertThat(t.getCandidates(1).getSkipReason()).isEqualTo(SkipReason.SKIP_REASON_NOT_CHOSEN);
  }

  @Test
  void theReasonNamesTheMatchedRuleOrTheCatchAll() {
    Placement p = Placement.of(plan, reps(), Map.of());
    assertThat(Explanation.reason(plan, p, bobPicked))
        .isEqualTo("Rule big-deals matched and sent the lead to queue first; bob was next.");

    RoutePlan unmatched =
        new RoutePlan(7, "", new Score(0, List.of()), List.of(), List.of(first), "catch-all");
    assertThat(Explanation.reason(unmatched, p, bobPicked))
        .isEqualTo(
            "No routing rule matched, so the lead went to the catch-all queue catch-all;"
                + " bob was next.");
  }
}
