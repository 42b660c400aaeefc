package dev.leadrouter.runtime.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TenSecondWindowTest {
  @Test
  void theRequestBeyondTheLimitWaitsUntilTheOldestLeavesTheWindow() {
    TenSecondWindow w = new TenSecondWindow(3);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(w.reserve(t0)).isZero();
    assertThat(w.reserve(t0.plusSeconds(1))).isZero();
    assertThat(w.reserve(t0.plusSeconds(2))).isZero();
    assertThat(w.reserve(t0.plusSeconds(3))).isEqualTo(Duration.ofMillis(7_250));
    assertThat(w.reserve(t0.plusSeconds(3))).isEqualTo(Duration.ofMillis(8_250));
    assertThat(w.reserve(t0.plusSeconds(30))).isZero();
  }
}
