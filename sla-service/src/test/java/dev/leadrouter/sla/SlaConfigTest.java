package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaConfigTest {
  private static final Settings BASE =
      new Settings(
          Map.of(
              "LEADROUTER_DB_URL",
              "postgresql://u:p@db:5432/leadrouter",
              "LEADROUTER_INTERNAL_API_KEY",
              "internal-key-0123456789"));

  @Test
  void documentedDefaults() {
    SlaConfig config = SlaConfig.from(BASE);

    assertThat(config.endpoints().grpcPort()).isEqualTo(9104);
    assertThat(config.endpoints().httpPort()).isEqualTo(8104);
    assertThat(config.database().schema()).isEqualTo("sla");
    assertThat(config.firstTouchTarget()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.warnBefore()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.escalateAfter()).isZero();
  }

  @Test
  void readsThePolicySettings() {
    SlaConfig config =
        SlaConfig.from(
            BASE.with(
                Map.of(
                    "SLA_FIRST_TOUCH_TARGET",
                    "15m",
                    "SLA_WARN_BEFORE",
                    "5m",
                    "SLA_ESCALATE_AFTER",
                    "PT10M")));

    assertThat(config.policy().firstTouchTarget()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.policy().warnBefore()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.policy().escalateAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aWarningNoEarlierThanTheAssignmentFailsStartUp() {
    assertThatThrownBy(() -> SlaConfig.from(BASE.with(Map.of("SLA_WARN_BEFORE", "5m"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SLA_WARN_BEFORE");
  }
}
