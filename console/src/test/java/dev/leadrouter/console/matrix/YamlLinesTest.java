package dev.leadrouter.console.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlLinesTest {
  private static final String MATRIX =
      String.join(
          "\n",
          "queues:",
          "  - id: everyone",
          "    strategy: round_robin",
          "    members: [alice, bob]",
          "rules:",
          "  - id: us",
          "    priority: 10",
          "    when: lead.location.country_code == 'US'",
          "    queue: nowhere",
          "  - id: de",
          "    queue: everyone",
          "catch_all_queue: everyone",
          "");

  @Test
  void aPathPointsAtTheLineOfItsKey() {
    YamlLines lines = new YamlLines(MATRIX);
    assertThat(lines.lineOf("rules[0].queue")).isEqualTo(9);
    assertThat(lines.lineOf("source:rules[0].when")).isEqualTo(8);
    assertThat(lines.lineOf("rules[1]")).isEqualTo(10);
    assertThat(lines.lineOf("queues[0].members[1]")).isEqualTo(4);
    assertThat(lines.lineOf("catch_all_queue")).isEqualTo(12);
  }

  @Test
  void aMissingKeyPointsAtItsParentAndAWholeDocumentProblemAtNoLine() {
    YamlLines lines = new YamlLines(MATRIX);
    assertThat(lines.lineOf("rules[1].priority")).isEqualTo(10);
    assertThat(lines.lineOf("source")).isZero();
  }

  @Test
  void aSyntaxErrorPointsAtItsOwnLine() {
    YamlLines lines = new YamlLines("queues:\n  - id: a\n    members: [alice\nrules: []\n");
    assertThat(lines.lineOf("rules")).isEqualTo(4);
  }
}
