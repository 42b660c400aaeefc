package dev.leadrouter.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  private static final Backoff LOW =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), () -> 0.0);
  private static final Backoff HIGH =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), () -> 0.999999);

  @ParameterizedTest(name = "after {0} failures: {1}..{2} ms")
  @CsvSource({
    "1, 100, 200",
    "2, 200, 400",
    "3, 400, 800",
    "5, 1600, 3200",
    "8, 12800, 25600",
    "9, 15000, 30000",
    "50, 15000, 30000",
    "0, 100, 200",
  })
  void doublesWithHalfJitterUpToTheCap(int attempts, long min, long max) {
    assertThat(LOW.delayAfter(attempts).toMillis()).isEqualTo(min);
    assertThat(HIGH.delayAfter(attempts).toMillis()).isBetween(max - 1, max);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Math::random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Math::random))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
