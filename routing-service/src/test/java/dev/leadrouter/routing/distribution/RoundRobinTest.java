package dev.leadrouter.routing.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundRobinTest {
  private static List<String> members(int k) {
    return IntStream.range(0, k).mapToObj(i -> "rep" + i).toList();
  }

  @ParameterizedTest(name = "[{index}] N={0} tickets over K={1} members")
  @CsvSource({
    "0,1", "1,1", "7,1", "1,3", "2,3", "3,3", "10,3", "11,4", "100,7", "1000,13", "5,10", "64,64",
    "65,64"
  })
  void everyMemberGetsFloorOrCeilOfItsShare(int n, int k) {
    List<String> m = members(k);
    Map<String, Integer> counts = new HashMap<>();
    m.forEach(id -> counts.put(id, 0));
    for (long t = 0; t < n; t++) {
      counts.merge(RoundRobin.pick(m, t), 1, Integer::sum);
    }
    int floor = n / k;
    int ceil = (n + k - 1) / k;
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(floor, ceil));
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
    // the first n % k members in queue order get the extra lead
    for (int i = 0; i < k; i++) {
      assertThat(counts.get("rep" + i)).isEqualTo(i < n % k ? ceil : floor);
    }
  }

  @ParameterizedTest(name = "[{index}] ticket {0} -> {1}")
  @CsvSource({
    "0, a",
    "1, b",
    "2, c",
    "3, a",
    "4, b",
    "-1, c",
    "-2, b",
    "-3, a",
    "-4, c",
    "9223372036854775807, b", // Long.MAX_VALUE % 3 == 1
    "-9223372036854775808, b", // floorMod(Long.MIN_VALUE, 3) == 1
    "4294967296, b", // 2^32: not truncated to int before the modulo
  })
  void picksByTicketModuloSize(long ticket, String expected) {
    assertThat(RoundRobin.pick(List.of("a", "b", "c"), ticket)).isEqualTo(expected);
  }

  @Test
  void singleMemberAlwaysPicked() {
    assertThat(RoundRobin.pick(List.of("solo"), Long.MIN_VALUE)).isEqualTo("solo");
    assertThat(RoundRobin.pick(List.of("solo"), 12345)).isEqualTo("solo");
  }

  @Test
  void emptyListThrows() {
    assertThatThrownBy(() -> RoundRobin.pick(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no eligible member");
  }

  @Test
  void leastRecentGivesTheLeadToWhoeverWaitedLongestNeverAssignedFirstTiesInQueueOrder() {
    assertThat(RoundRobin.leastRecent(List.of("a", "b", "c"), Map.of())).isEqualTo("a");
    assertThat(RoundRobin.leastRecent(List.of("a", "b", "c"), Map.of("a", 0L))).isEqualTo("b");
    assertThat(RoundRobin.leastRecent(List.of("a", "b", "c"), Map.of("a", 5L, "b", 3L, "c", 4L)))
        .isEqualTo("b");
    // c is not eligible now: its old turn does not matter
    assertThat(RoundRobin.leastRecent(List.of("a", "b"), Map.of("a", 5L, "b", 6L, "c", 1L)))
        .isEqualTo("a");
  }

  @Test
  void leastRecentKeepsTwoAlwaysEligibleRepsWithinOneWhileAThirdFlaps() {
    Map<String, Long> last = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (long t = 0; t < 61; t++) {
      List<String> eligible = t % 2 == 0 ? List.of("a", "b", "c") : List.of("a", "b");
      String rep = RoundRobin.leastRecent(eligible, last);
      last.put(rep, t);
      counts.merge(rep, 1, Integer::sum);
      assertThat(Math.abs(counts.getOrDefault("a", 0) - counts.getOrDefault("b", 0)))
          .isLessThanOrEqualTo(1);
    }
  }
}
