package dev.leadrouter.routing.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.SkipReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityTest {
  @ParameterizedTest(name = "[{index}] maxOpen={0} maxDay={1} open={2} today={3} -> {4}")
  @CsvSource({
    "0, 0, 500, 500, SKIP_REASON_NONE",
    "5, 0, 4,   99,  SKIP_REASON_NONE",
    "5, 0, 5,   0,   SKIP_REASON_OVER_CAPACITY",
    "0, 3, 0,   2,   SKIP_REASON_NONE",
    "0, 3, 0,   3,   SKIP_REASON_OVER_DAILY_CAP",
    "2, 3, 2,   3,   SKIP_REASON_OVER_CAPACITY",
  })
  void capsAreInclusiveLimits(int maxOpen, int maxDay, int open, int today, SkipReason expected) {
    Rep rep =
        Rep.newBuilder()
            .setRepId("a")
            .setCapacity(
                dev.leadrouter.v1.Capacity.newBuilder()
                    .setMaxOpenLeads(maxOpen)
                    .setMaxLeadsPerDay(maxDay))
            .build();
    assertThat(Capacity.check(rep, new RepLoad("a", open, today, null)).reason())
        .isEqualTo(expected);
  }
}
