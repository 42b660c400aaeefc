package dev.leadrouter.console.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.BacktestDecision;
import dev.leadrouter.v1.BacktestOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestSummaryTest {
  private static BacktestDecision to(String rule, String queue, String rep) {
    return BacktestDecision.newBuilder().setRuleId(rule).setQueueId(queue).setRepId(rep).build();
  }

  @Test
  void countsChangesAndTheSpreadBeforeAndAfter() {
    BacktestSummary s = new BacktestSummary();
    s.add(
        List.of(
            BacktestOutcome.newBuilder()
                .setBaseline(to("na", "north-america", "alice"))
                .setDraft(to("na", "emea", "chloe"))
                .build(),
            BacktestOutcome.newBuilder()
                .setBaseline(to("na", "north-america", "bob"))
                .setDraft(to("na", "north-america", "alice"))
                .build(),
            BacktestOutcome.newBuilder()
                .setBaseline(to("emea", "emea", "chloe"))
                .setDraft(
                    BacktestDecision.newBuilder().setRuleId("emea").setUnroutable(true).build())
                .build()));
    assertThat(s.leads()).isEqualTo(3);
    assertThat(s.queueChanged()).isEqualTo(2);
    assertThat(s.ownerChanged()).isEqualTo(3);
    assertThat(s.unroutableBefore()).isZero();
    assertThat(s.unroutableAfter()).isEqualTo(1);
    assertThat(s.queues())
        .containsExactly(
            new BacktestSummary.Line("(nobody)", 0, 1),
            new BacktestSummary.Line("emea", 1, 1),
            new BacktestSummary.Line("north-america", 2, 1));
    assertThat(s.reps())
        .contains(new BacktestSummary.Line("alice", 1, 1), new BacktestSummary.Line("bob", 1, 0));
  }
}
