package dev.leadrouter.routing.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadBalancedTest {
  private static final Instant T = Instant.parse("2025-03-12T10:00:00Z");

  /** "id:open:minutesAgo" ("-" = never assigned). */
  private static Map<String, RepLoad> loads(String spec) {
    Map<String, RepLoad> out = new HashMap<>();
    for (String s : spec.split(",")) {
      String[] p = s.split(":");
      out.put(
          p[0],
          new RepLoad(
              p[0],
              Integer.parseInt(p[1]),
              0,
              p[2].equals("-") ? null : T.minusSeconds(60L * Integer.parseInt(p[2]))));
    }
    return out;
  }

  @ParameterizedTest(name = "[{index}] {0} ticket {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a:3:1,b:1:1,c:2:1       | 0 | b", // fewest open
        "a:1:5,b:1:1,c:2:1       | 0 | a", // tie on open: least recently assigned
        "a:1:1,b:1:-,c:1:9       | 0 | b", // never assigned counts as least recent
        "a:0:-,b:0:-,c:0:-       | 0 | a", // full tie: rotate by turn
        "a:0:-,b:0:-,c:0:-       | 1 | b",
        "a:0:-,b:0:-,c:0:-       | 5 | c",
        "a:4:1,b:0:-             | 7 | b",
      })
  void fewestOpenLeadsThenLeastRecentThenTurn(String spec, long ticket, String expected) {
    Map<String, RepLoad> loads = loads(spec);
    List<String> members = loads.keySet().stream().sorted().toList();
    assertThat(LoadBalanced.pick(members, loads, new QueueState(ticket, Map.of())).repId())
        .isEqualTo(expected);
  }

  @Test
  void aRepBackFromTimeOffOnlyEvensOutOpenWork() {
    // b was away; a and c each hold 3 open leads, b none. b gets leads only until level with the
    // queue, then they alternate.
    Map<String, RepLoad> loads = new HashMap<>(loads("a:3:1,b:0:600,c:3:2"));
    Map<String, Integer> got = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      Pick p = LoadBalanced.pick(List.of("a", "b", "c"), loads, new QueueState(i, Map.of()));
      got.merge(p.repId(), 1, Integer::sum);
      RepLoad l = loads.get(p.repId());
      loads.put(p.repId(), new RepLoad(l.repId(), l.open() + 1, l.today() + 1, T.plusSeconds(i)));
    }
    assertThat(got).containsEntry("b", 6).containsEntry("a", 3).containsEntry("c", 3);
  }
}
