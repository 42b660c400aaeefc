package dev.leadrouter.routing.decision;

import static dev.leadrouter.routing.decision.Plans.AWAY;
import static dev.leadrouter.routing.decision.Plans.OK;
import static dev.leadrouter.routing.decision.Plans.plan;
import static dev.leadrouter.routing.decision.Plans.queue;
import static dev.leadrouter.routing.decision.Plans.rep;
import static dev.leadrouter.routing.decision.Plans.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.routing.distribution.RepLoad;
import dev.leadrouter.routing.matrix.Strategy;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.SkipReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private final Map<String, Rep> reps =
      Map.of(
          "ann", rep("ann", 2, 0), // only a max-open cap
          "bob", rep("bob", 0, 3), // only a daily cap
          "cat", rep("cat", 0, 0), // no cap
          "dan", rep("dan", 0, 0));

  private final RoutePlan twoSteps =
      plan(
          "r1",
          step(queue("first", Strategy.ROUND_ROBIN, "ann", "bob"), "ann", OK, "bob", OK),
          step(queue("second", Strategy.ROUND_ROBIN, "cat", "dan"), "cat", OK, "dan", AWAY));

  @Test
  void theFirstStepWithSomeoneUnderTheirCapsIsChosen() {
    Placement p = Placement.of(twoSteps, reps, Map.of());

    assertThat(p.stepIndex()).isZero();
    assertThat(p.eligible()).containsExactly("ann", "bob");
    assertThat(p.capacity()).containsOnlyKeys("ann", "bob");
  }

  @Test
  void aRepWithOnlyAMaxOpenCapIsSkippedAtTheCap() {
    Placement p = Placement.of(twoSteps, reps, Map.of("ann", new RepLoad("ann", 2, 0, null)));

    assertThat(p.stepIndex()).isZero();
    assertThat(p.eligible()).containsExactly("bob");
    assertThat(p.capacity().get("ann").reason()).isEqualTo(SkipReason.SKIP_REASON_OVER_CAPACITY);
    assertThat(p.capacity().get("ann").detail()).isEqualTo("2/2 open leads");
  }

  @Test
  void aRepWithOnlyADailyCapIsSkippedAtTheCap() {
    Placement p = Placement.of(twoSteps, reps, Map.of("bob", new RepLoad("bob", 100, 3, null)));

    assertThat(p.eligible()).containsExactly("ann");
    assertThat(p.capacity().get("bob").reason()).isEqualTo(SkipReason.SKIP_REASON_OVER_DAILY_CAP);
    assertThat(p.capacity().get("bob").detail()).isEqualTo("3/3 leads today");
  }

  @Test
  void whenEveryoneInAStepIsAtCapacityItFallsThroughKeepingTheEarlierVerdicts() {
    Placement p =
        Placement.of(
            twoSteps,
            reps,
            Map.of("ann", new RepLoad("ann", 5, 0, null), "bob", new RepLoad("bob", 0, 9, null)));

    assertThat(p.stepIndex()).isEqualTo(1);
    assertThat(p.eligible()).containsExactly("cat");
    assertThat(p.capacity()).containsOnlyKeys("ann", "bob", "cat");
    assertThat(p.capacity().get("ann").eligible()).isFalse();
    assertThat(p.capacity().get("cat").eligible()).isTrue();
  }

  @Test
  void nobodyUnderTheirCapsAnywhereIsNull() {
    RoutePlan onlyFirst = plan("r1", twoSteps.steps().get(0));
    assertThat(
            Placement.of(
                onlyFirst,
                reps,
                Map.of(
                    "ann", new RepLoad("ann", 2, 0, null), "bob", new RepLoad("bob", 0, 3, null))))
        .isNull();
  }

  @Test
  void atRechecksTheEstimatesStepWithFreshLoads() {
    Placement estimate = Placement.of(twoSteps, reps, Map.of());

    Placement fresh =
        Placement.at(twoSteps, estimate, reps, Map.of("ann", new RepLoad("ann", 2, 0, null)));

    assertThat(fresh.stepIndex()).isZero();
    assertThat(fresh.eligible()).containsExactly("bob");
    assertThat(fresh.capacity().get("ann").reason())
        .isEqualTo(SkipReason.SKIP_REASON_OVER_CAPACITY);
    assertThat(
            Placement.at(
                twoSteps,
                estimate,
                reps,
                Map.of(
                    "ann", new RepLoad("ann", 2, 0, null), "bob", new RepLoad("bob", 0, 3, null))))
        .isNull();
  }

  @Test
  void atKeepsTheEarlierStepsVerdictsFromTheEstimate() {
    Placement estimate =
        Placement.of(
            twoSteps,
            reps,
            Map.of("ann", new RepLoad("ann", 5, 0, null), "bob", new RepLoad("bob", 0, 9, null)));

    Placement fresh = Placement.at(twoSteps, estimate, reps, Map.of());

    assertThat(fresh.stepIndex()).isEqualTo(1);
    assertThat(fresh.eligible()).containsExactly("cat");
    assertThat(fresh.capacity().get("ann").reason())
        .isEqualTo(SkipReason.SKIP_REASON_OVER_CAPACITY);
    assertThat(fresh.capacity().get("bob").reason())
        .isEqualTo(SkipReason.SKIP_REASON_OVER_DAILY_CAP);
  }

  @Test
  void loadIsNeededForCappedRepsAndEveryoneInALoadBalancedQueue() {
    RoutePlan plan =
        plan(
            "r1",
            step(
                queue("rr", Strategy.ROUND_ROBIN, "ann", "bob", "cat"),
                "ann",
                OK,
                "bob",
                OK,
                "cat",
                OK),
            step(queue("lb", Strategy.LOAD_BALANCED, "dan", "ann"), "dan", OK, "ann", OK));

    assertThat(Placement.repsNeedingLoad(plan, reps)).containsExactly("ann", "bob", "dan");
  }

  @Test
  void unavailableRepsNeedNoLoad() {
    RoutePlan plan =
        plan("r1", step(queue("lb", Strategy.LOAD_BALANCED, "cat", "dan"), "cat", OK, "dan", AWAY));

    assertThat(Placement.repsNeedingLoad(plan, reps)).isEqualTo(List.of("cat"));
  }
}
