package dev.leadrouter.console.team;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueueMembershipsTest {
  private static final String MATRIX =
      String.join(
          "\n",
          "queues:",
          "  - id: north-america",
          "    strategy: round_robin",
          "    members: [alice, bob]",
          "  - id: enterprise",
          "    strategy: weighted",
          "    members:",
          "      - {rep: alice, weight: 3}",
          "      - rep: bob",
          "catch_all_queue: north-america",
          "");

  @Test
  void eachRepsQueuesWithTheirWeightsAndLines() {
    QueueMemberships m = QueueMemberships.of(MATRIX);
    assertThat(m.forRep("alice"))
        .containsExactly(
            new QueueMemberships.Membership("north-america", "round_robin", null, 4),
            new QueueMemberships.Membership("enterprise", "weighted", 3, 8));
    // A weighted queue's member without a weight counts once.
    assertThat(m.forRep("bob").get(1).weight()).isEqualTo(1);
    assertThat(m.forRep("bob").get(1).line()).isEqualTo(9);
    assertThat(m.forRep("alice").get(1).text()).isEqualTo("enterprise: weight 3");
    assertThat(m.forRep("alice").get(0).text()).isEqualTo("north-america (round robin)");
    assertThat(m.forRep("carol")).isEmpty();
  }

  @Test
  void noPublishedOrUnreadableMatrixMeansNoQueues() {
    assertThat(QueueMemberships.of("").forRep("alice")).isEmpty();
    assertThat(QueueMemberships.of("queues: [").forRep("alice")).isEmpty();
  }
}
