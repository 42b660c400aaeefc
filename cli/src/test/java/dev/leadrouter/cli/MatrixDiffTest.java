package dev.leadrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatrixDiffTest {
  private static final String PUBLISHED =
      """
      queues:
        - id: na
          strategy: round_robin
          members: [alice, bob]
      rules:
        - id: us
          priority: 10
          when: lead.location.country_code == 'US'
          queue: na
        - id: old
          priority: 30
          queue: na
      catch_all_queue: na
      """;

  @Test
  void reportsAddedRemovedAndChangedElementsByIdIgnoringFormatting() throws Exception {
    String proposed =
        """
        # reformatted, reordered, as JSON-ish flow style
        catch_all_queue: na
        rules:
          - {id: ca, priority: 5, queue: na}
          - {id: us, priority: 20, when: "lead.location.country_code == 'US'", queue: na}
        queues:
          - {id: na, strategy: round_robin, members: [alice, bob]}
        """;
    assertThat(MatrixDiff.between(MatrixDiff.parse(PUBLISHED), MatrixDiff.parse(proposed)))
        .containsExactly(
            "+ rule ca: {\"id\":\"ca\",\"priority\":5,\"queue\":\"na\"}",
            "~ rule us: priority: 10 -> 20",
            "- rule old");
  }

  @Test
  void sameMatrixNoChangesAndNothingPublishedIsAllNew() throws Exception {
    assertThat(MatrixDiff.between(MatrixDiff.parse(PUBLISHED), MatrixDiff.parse(PUBLISHED)))
        .isEmpty();
    assertThat(MatrixDiff.between(MatrixDiff.parse(""), MatrixDiff.parse(PUBLISHED)))
        .hasSize(4)
        .allMatch(line -> line.startsWith("+ "));
  }
}
