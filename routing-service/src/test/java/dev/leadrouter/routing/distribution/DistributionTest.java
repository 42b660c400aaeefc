package dev.leadrouter.routing.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.routing.matrix.Queue;
import dev.leadrouter.routing.matrix.RequiredSkills;
import dev.leadrouter.routing.matrix.Strategy;
import dev.leadrouter.v1.Rep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DistributionTest {
  private static Queue queue(Strategy strategy, Map<String, Integer> weights) {
    return new Queue(
        "q", strategy, List.of("ann", "bob", "cat"), weights, RequiredSkills.NONE, null, null);
  }

  @Test
  void roundRobinTakesTheTicketsTurnAndSaysSo() {
    Pick p =
        Distribution.pick(
            queue(Strategy.ROUND_ROBIN, Map.of()),
            List.of("ann", "bob", "cat"),
            new QueueState(4, Map.of(), Map.of("ann", 3L, "bob", 1L, "cat", 2L)),
            Map.of());

    // the rep whose last turn in this queue is oldest, and the ticket's turn is remembered for them
    assertThat(p.repId()).isEqualTo("bob");
    assertThat(p.next())
        .isEqualTo(new QueueState(4, Map.of(), Map.of("ann", 3L, "bob", 4L, "cat", 2L)));
    assertThat(p.why()).isEqualTo("bob was next in round robin (turn 5 among 3 available reps)");
  }

  @Test
  void loadBalancedReadsTheOpenLeadCounts() {
    // The ticket's round-robin turn would be ann; the open counts say cat.
    Map<String, RepLoad> loads =
        Map.of(
            "ann", new RepLoad("ann", 5, 0, null),
            "bob", new RepLoad("bob", 3, 0, null),
            "cat", new RepLoad("cat", 1, 0, Instant.parse("2025-01-01T00:00:00Z")));

    Pick p =
        Distribution.pick(
            queue(Strategy.LOAD_BALANCED, Map.of()),
            List.of("ann", "bob", "cat"),
            new QueueState(0, Map.of()),
            loads);

    assertThat(p.repId()).isEqualTo("cat");
    assertThat(p.why()).isEqualTo("cat had the fewest open leads (1)");
  }

  @Test
  void weightedUsesTheQueuesWeights() {
    Pick p =
        Distribution.pick(
            queue(Strategy.WEIGHTED, Map.of("cat", 10)),
            List.of("ann", "bob", "cat"),
            QueueState.initial(),
            Map.of());

    assertThat(p.repId()).isEqualTo("cat");
    assertThat(p.next().currentWeights()).containsKeys("ann", "bob", "cat");
  }

  @Test
  void ownerQueuesGiveTheLeadToTheOnlyEligibleRep() {
    Pick named =
        Distribution.pick(
            queue(Strategy.NAMED_OWNER, Map.of()),
            List.of("gus"),
            new QueueState(3, Map.of()),
            Map.of());
    assertThat(named.repId()).isEqualTo("gus");
    assertThat(named.why()).isEqualTo("gus owns this queue");
    assertThat(named.next()).isEqualTo(new QueueState(3, Map.of()));

    Pick account =
        Distribution.pick(
            queue(Strategy.ACCOUNT_OWNER, Map.of()),
            List.of("ida"),
            QueueState.initial(),
            Map.of());
    assertThat(account.repId()).isEqualTo("ida");
    assertThat(account.why()).isEqualTo("ida owns the lead's account");
  }

  @Test
  void aRepIsCappedByEitherCapAlone() {
    assertThat(Capacity.capped(rep(0, 0))).isFalse();
    assertThat(Capacity.capped(rep(3, 0))).isTrue();
    assertThat(Capacity.capped(rep(0, 3))).isTrue();
    assertThat(Capacity.capped(rep(1, 1))).isTrue();
  }

  private static Rep rep(int maxOpen, int maxDay) {
    return Rep.newBuilder()
        .setRepId("a")
        .setCapacity(
            dev.leadrouter.v1.Capacity.newBuilder()
                .setMaxOpenLeads(maxOpen)
                .setMaxLeadsPerDay(maxDay))
        .build();
  }
}
