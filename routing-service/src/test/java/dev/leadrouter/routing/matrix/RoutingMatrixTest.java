package dev.leadrouter.routing.matrix;

import static dev.leadrouter.routing.rules.Conditions.cel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingMatrixTest {
  private static final Map<String, Queue> QUEUES =
      Map.of("q", Queue.roundRobin("q", List.of("a"), null));

  private static Rule rule(String id, int priority) {
    return new Rule(id, priority, cel("lead.location.country_code == 'US'"), "q");
  }

  @ParameterizedTest(name = "[{index}] priorities {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "30,10,20        | 10,20,30",
        "5               | 5",
        "100,-1,0        | -1,0,100",
        "2147483647,-2147483648 | -2147483648,2147483647",
        "1,2,3           | 1,2,3",
      })
  void rulesAreSortedByPriorityLowestFirst(String in, String expected) {
    List<Rule> rules = new ArrayList<>();
    String[] p = in.split(",");
    for (int i = 0; i < p.length; i++) {
      rules.add(rule("r" + i, Integer.parseInt(p[i])));
    }
    RoutingMatrix m = new RoutingMatrix(1, rules, QUEUES, "q");
    assertThat(m.rules())
        .extracting(Rule::priority)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(expected.split(",")).map(Integer::valueOf).toList());
  }

  @Test
  void equalPrioritiesKeepDocumentOrder() {
    RoutingMatrix m =
        new RoutingMatrix(1, List.of(rule("b", 5), rule("a", 5), rule("c", 1)), QUEUES, "q");
    assertThat(m.rules()).extracting(Rule::id).containsExactly("c", "b", "a");
  }

  @Test
  void isImmutableAndDetachedFromInputs() {
    List<Rule> rules = new ArrayList<>(List.of(rule("a", 1)));
    Map<String, Queue> queues = new HashMap<>(QUEUES);
    RoutingMatrix m = new RoutingMatrix(1, rules, queues, "q");
    rules.add(rule("b", 0));
    queues.clear();
    assertThat(m.rules()).extracting(Rule::id).containsExactly("a");
    assertThat(m.queue("q")).isNotNull();
    assertThat(m.queue("nope")).isNull();
    assertThatThrownBy(() -> m.rules().add(rule("c", 2)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.queues().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withVersionKeepsEverythingElse() {
    RoutingMatrix m = new RoutingMatrix(0, List.of(rule("a", 2), rule("b", 1)), QUEUES, "q");
    RoutingMatrix v7 = m.withVersion(7);
    assertThat(v7.version()).isEqualTo(7);
    assertThat(v7.rules()).isEqualTo(m.rules());
    assertThat(v7.queues()).isEqualTo(m.queues());
    assertThat(v7.catchAllQueue()).isEqualTo("q");
    assertThat(m.version()).isZero();
  }
}
