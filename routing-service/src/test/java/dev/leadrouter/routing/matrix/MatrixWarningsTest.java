package dev.leadrouter.routing.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Rep;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixWarningsTest {
  private static final String MATRIX =
      """
      queues:
        - { id: na, members: [alice, bob] }
        - { id: apac, members: [kenji] }
        - { id: partners, members: [alice] }
        - { id: catch-all, members: [sam] }
      rules:
        - { id: na-leads, when: "lead.location.country_code == 'US'", queue: na }
        - { id: apac-leads, when: "lead.location.country_code == 'JP'", queue: apac }
      catch_all_queue: catch-all
      """;

  private static Rep rep(String id, boolean active) {
    return Rep.newBuilder().setRepId(id).setActive(active).build();
  }

  @Test
  void warnsAboutDeadQueuesInactiveMembersAndUnusedQueues() {
    Map<String, Rep> reps =
        Map.of(
            "alice",
            rep("alice", true),
            "bob",
            rep("bob", false),
            "kenji",
            rep("kenji", false),
            "sam",
            rep("sam", true));
    RoutingMatrix matrix = new MatrixParser().parse(MATRIX, false, reps.keySet());

    assertThat(MatrixWarnings.of(matrix, reps))
        .containsExactlyInAnyOrder(
            "queue na lists inactive reps [bob]: they are skipped",
            "queue apac has no active reps: its leads will always fall back",
            "queue partners receives no leads: no rule sends to it and it is no backup or catch-all");
  }

  @Test
  void aHealthyMatrixHasNoWarnings() {
    Map<String, Rep> reps =
        Map.of(
            "alice",
            rep("alice", true),
            "bob",
            rep("bob", true),
            "kenji",
            rep("kenji", true),
            "sam",
            rep("sam", true));
    String healthy = MATRIX.replace("  - { id: partners, members: [alice] }\n", "");
    assertThat(healthy).doesNotContain("partners");
    assertThat(MatrixWarnings.of(new MatrixParser().parse(healthy, false, reps.keySet()), reps))
        .isEmpty();
  }
}
