package dev.leadrouter.routing.decision;

import static dev.leadrouter.routing.decision.Plans.AWAY;
import static dev.leadrouter.routing.decision.Plans.OK;
import static dev.leadrouter.routing.decision.Plans.plan;
import static dev.leadrouter.routing.decision.Plans.queue;
import static dev.leadrouter.routing.decision.Plans.step;
import static dev.leadrouter.routing.rules.Conditions.cel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.routing.matrix.ScoringRule;
import dev.leadrouter.routing.matrix.Strategy;
import dev.leadrouter.v1.Lead;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutePlanTest {
  @Test
  void someoneIsAvailableWhenAnyStepHasAnAvailableRep() {
    QueueStep nobody = step(queue("a", Strategy.ROUND_ROBIN, "ann"), "ann", AWAY);
    QueueStep somebody = step(queue("b", Strategy.ROUND_ROBIN, "bob"), "bob", OK);

    assertThat(plan("r", nobody, somebody).anyoneAvailable()).isTrue();
    assertThat(plan("r", nobody).anyoneAvailable()).isFalse();
    assertThat(plan("r", somebody).ruleMatched()).isTrue();
    assertThat(plan(RouteDecider.NO_RULE, somebody).ruleMatched()).isFalse();
  }

  @Test
  void aScoreSumsTheMatchingRulesAndSignsEachContribution() {
    List<ScoringRule> model =
        List.of(
            new ScoringRule("always", cel("true"), 30),
            new ScoringRule("never", cel("false"), 1000),
            new ScoringRule("neutral", cel("true"), 0),
            new ScoringRule("penalty", cel("true"), -5));

    Score s = Score.of(Lead.getDefaultInstance(), model);

    assertThat(s.total()).isEqualTo(25);
    assertThat(s.contributions()).containsExactly("always: +30", "neutral: +0", "penalty: -5");
  }
}
