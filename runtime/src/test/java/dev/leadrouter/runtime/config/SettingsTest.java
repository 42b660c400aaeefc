package dev.leadrouter.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, 250",
    "30s, 30000",
    "5m, 300000",
    "2h, 7200000",
    "1d, 86400000",
    "PT1.5S, 1500",
    "pt2m, 120000"
  })
  void parsesDurations(String text, long millis) {
    assertThat(new Settings(Map.of("D", text)).duration("D", Duration.ZERO).toMillis())
        .isEqualTo(millis);
  }

  @Test
  void defaultsApplyWhenUnsetOrBlank() {
    Settings s = new Settings(Map.of("BLANK", "  "));
    assertThat(s.string("BLANK", "x")).isEqualTo("x");
    assertThat(s.integer("MISSING", 7)).isEqualTo(7);
    assertThat(s.bool("MISSING", true)).isTrue();
    assertThat(s.optional("BLANK")).isNull();
  }

  @Test
  void malformedValuesNameTheVariable() {
    Settings s = new Settings(Map.of("PORT", "eighty", "FLAG", "maybe", "WAIT", "soon"));
    assertThatThrownBy(() -> s.integer("PORT", 1)).hasMessageContaining("PORT");
    assertThatThrownBy(() -> s.bool("FLAG", true)).hasMessageContaining("FLAG");
    assertThatThrownBy(() -> s.duration("WAIT", Duration.ZERO)).hasMessageContaining("WAIT");
    assertThatThrownBy(() -> s.required("NOPE")).hasMessageContaining("NOPE");
  }

  @Test
  void overridesWin() {
    Settings s = new Settings(Map.of("A", "1", "B", "2")).with(Map.of("B", "3"));
    assertThat(s.integer("A", 0)).isEqualTo(1);
    assertThat(s.integer("B", 0)).isEqualTo(3);
  }
}
