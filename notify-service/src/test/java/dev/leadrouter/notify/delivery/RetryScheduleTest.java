package dev.leadrouter.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
  private final RetrySchedule schedule =
      new RetrySchedule(
          Duration.ofSeconds(1), Duration.ofMinutes(30), Duration.ofHours(24), 0, () -> 1.0);

  @Test
  void delaysDoubleUpToTheMaximumInterval() {
    assertThat(schedule.nextDelay(1, start, start)).isEqualTo(Duration.ofSeconds(1));
    assertThat(schedule.nextDelay(2, start, start)).isEqualTo(Duration.ofSeconds(2));
    assertThat(schedule.nextDelay(5, start, start)).isEqualTo(Duration.ofSeconds(16));
    assertThat(schedule.nextDelay(12, start, start)).isEqualTo(Duration.ofMinutes(30));
    assertThat(schedule.nextDelay(500, start, start)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void anOutageOfHoursIsRetriedThroughAndGivenUpOnlyAtTheHorizon() {
    Instant now = start;
    int attempts = 0;
    Duration delay;
    while ((delay = schedule.nextDelay(++attempts, start, now)) != null) {
      now = now.plus(delay);
    }
    assertThat(now).as("the last attempt falls on the horizon").isEqualTo(start.plusSeconds(86400));
    // 1 s doubling to 30 min: 12 attempts to reach the cap, then one every 30 minutes.
    assertThat(attempts).isBetween(55, 60);
  }

  @Test
  void jitterKeepsAtLeastHalfTheDelay() {
    RetrySchedule low =
        new RetrySchedule(
            Duration.ofSeconds(1), Duration.ofMinutes(30), Duration.ofHours(24), 0, () -> 0.0);
    assertThat(low.nextDelay(4, start, start)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void maxAttemptsEndsItSooner() {
    RetrySchedule capped =
        new RetrySchedule(
            Duration.ofSeconds(1), Duration.ofMinutes(30), Duration.ofHours(24), 3, () -> 1.0);
    assertThat(capped.nextDelay(2, start, start)).isNotNull();
    assertThat(capped.nextDelay(3, start, start)).isNull();
  }
}
