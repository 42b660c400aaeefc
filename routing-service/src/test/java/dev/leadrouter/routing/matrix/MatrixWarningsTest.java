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

  @Test
  void warnsAboutLiteralsANormalizedFieldNeverEqualsAndBackupCycles() {
    String matrix =
        """
        queues:
          - { id: na, members: [alice], backup_queue: emea }
          - { id: emea, members: [bob], backup_queue: na }
          - { id: catch-all, members: [sam] }
        scoring:
          - { id: big, when: "lead.company.domain == 'BigCorp.com'", points: 10 }
        rules:
          - { id: us, when: "lead.location.country_code == 'us'", queue: na }
          - { id: eu, when: 'lead.location.country_code in [''DE'', "fr"] || ''GB'' == lead.location.country_code', queue: emea }
          - { id: ca, when: "lead.location.region_code != 'us-ca' && lead.location.country_code == 'US'", queue: na }
        catch_all_queue: catch-all
        """;
    Map<String, Rep> reps =
        Map.of("alice", rep("alice", true), "bob", rep("bob", true), "sam", rep("sam", true));
    assertThat(MatrixWarnings.of(new MatrixParser().parse(matrix, false, reps.keySet()), reps))
        .containsExactlyInAnyOrder(
            "backup queues form a cycle emea -> na -> emea: a lead nobody in them can take goes to"
                + " the catch-all queue after one round",
            "rule us compares lead.location.country_code with 'us', which it never equals: leads"
                + " store it as an upper-case ISO 3166-1 code like 'US'",
            "rule eu compares lead.location.country_code with 'fr', which it never equals: leads"
                + " store it as an upper-case ISO 3166-1 code like 'US'",
            "rule ca compares lead.location.region_code with 'us-ca', which it never equals: leads"
                + " store it as an upper-case ISO 3166-2 code like 'US-CA'",
            "scoring rule big compares lead.company.domain with 'BigCorp.com', which it never"
                + " equals: leads store it as a lower-case domain like 'example.com'");
  }
}
