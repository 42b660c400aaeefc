package dev.leadrouter.sla.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DigestScheduleTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private final DigestSchedule schedule =
      new DigestSchedule(Duration.ofSeconds(30), Duration.ofMinutes(15));

  @Test
  void waitsForTheBacklogToGatherThenSendsAtMostOncePerInterval() {
    assertThat(schedule.due(null, null, T0)).as("nothing waiting").isFalse();
    assertThat(schedule.due(T0, null, T0.plusSeconds(29))).as("still gathering").isFalse();
    assertThat(schedule.due(T0, null, T0.plusSeconds(30))).as("first digest").isTrue();
    Instant sent = T0.plusSeconds(30);
    Instant more = T0.plusSeconds(60);
    assertThat(schedule.due(more, sent, more.plus(Duration.ofMinutes(5))))
        .as("rate limited")
        .isFalse();
    assertThat(schedule.due(more, sent, sent.plus(Duration.ofMinutes(15)))).isTrue();
    assertThat(schedule.nextPossible(more, sent)).isEqualTo(sent.plus(Duration.ofMinutes(15)));
  }
}
