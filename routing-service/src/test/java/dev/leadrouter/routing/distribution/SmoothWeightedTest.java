package dev.leadrouter.routing.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmoothWeightedTest {

  private static List<String> run(List<String> members, Map<String, Integer> weights, int n) {
    QueueState state = QueueState.initial();
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Pick p = SmoothWeighted.pick(members, weights::get, state);
      picks.add(p.repId());
      state = p.next();
    }
    return picks;
  }

  @ParameterizedTest(name = "[{index}] weights {0}")
  @CsvSource({
    "1",
    "1;1",
    "2;1",
    "3;1",
    "5;1;1",
    "3;2;1",
    "10;1",
    "7;5;3;2;1",
    "1;1;1;1;1;1;1",
    "100;1;1",
    "4;4;2",
    "13;8;5;3;2;1;1"
  })
  void everyPrefixIsWithinOneLeadOfTheExactShare(String spec) {
    int[] w = java.util.Arrays.stream(spec.split(";")).mapToInt(Integer::parseInt).toArray();
    List<String> members = IntStream.range(0, w.length).mapToObj(i -> "r" + i).toList();
    Map<String, Integer> weights = new HashMap<>();
    IntStream.range(0, w.length).forEach(i -> weights.put("r" + i, w[i]));
    int total = IntStream.of(w).sum();
    List<String> picks = run(members, weights, 20 * total + 7);
    Map<String, Integer> counts = new HashMap<>();
    for (int n = 1; n <= picks.size(); n++) {
      counts.merge(picks.get(n - 1), 1, Integer::sum);
      for (int i = 0; i < w.length; i++) {
        double exact = (double) n * w[i] / total;
        int got = counts.getOrDefault("r" + i, 0);
        assertThat(Math.abs(got - exact))
            .as("member r%d after %d leads (weights %s)", i, n, spec)
            .isLessThan(1.0);
      }
    }
  }

  @Test
  void interleavesInsteadOfBursting() {
    assertThat(run(List.of("a", "b", "c"), Map.of("a", 5, "b", 1, "c", 1), 7))
        .containsExactly("a", "a", "b", "a", "c", "a", "a");
  }

  @Test
  void aMemberReturningFromTimeOffStartsAtTheNeutralLevelWithoutACatchUpFlood() {
    Map<String, Integer> weights = Map.of("a", 1, "b", 1, "c", 1);
    QueueState state = QueueState.initial();
    // c is away for 30 leads: a and b share them
    for (int i = 0; i < 30; i++) {
      Pick p = SmoothWeighted.pick(List.of("a", "b"), weights::get, state);
      state = p.next();
    }
    assertThat(state.currentWeights()).doesNotContainKey("c");
    // c returns: over the next 30 leads each gets 10, and c never gets more than one lead in a row
    Map<String, Integer> counts = new HashMap<>();
    String previous = null;
    int run = 0;
    for (int i = 0; i < 30; i++) {
      Pick p = SmoothWeighted.pick(List.of("a", "b", "c"), weights::get, state);
      state = p.next();
      counts.merge(p.repId(), 1, Integer::sum);
      run = p.repId().equals(previous) ? run + 1 : 1;
      previous = p.repId();
      assertThat(run).isLessThanOrEqualTo(1);
    }
    assertThat(counts).containsEntry("a", 10).containsEntry("b", 10).containsEntry("c", 10);
  }

  @Test
  void tiesGoToQueueOrderNotToInsertionOrderOfTheStoredVector() {
    QueueState state = new QueueState(0, Map.of("b", 0L, "a", 0L));
    assertThat(SmoothWeighted.pick(List.of("a", "b"), m -> 1, state).repId()).isEqualTo("a");
  }
}
