package dev.leadrouter.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private final ApiKeys keys =
      ApiKeys.from(
          new Settings(
              Map.of(
                  "LEADROUTER_API_KEYS",
                      "website:website-key-0123456789, crm:crm-key-abcdefghijklmnop",
                  "LEADROUTER_INTERNAL_API_KEY", "internal-key-0123456789")));

  @Test
  void namesTheCallerForBearerOrBareKeys() {
    assertThat(keys.authenticate("Bearer website-key-0123456789")).isEqualTo("website");
    assertThat(keys.authenticate("bearer crm-key-abcdefghijklmnop")).isEqualTo("crm");
    assertThat(keys.authenticate("internal-key-0123456789")).isEqualTo(ApiKeys.INTERNAL_CALLER);
  }

  @Test
  void refusesMissingAndWrongKeys() {
    assertThatThrownBy(() -> keys.authenticate(null)).isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> keys.authenticate("Bearer "))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> keys.authenticate("Bearer website-key-012345678"))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessage("invalid API key");
  }

  @Test
  void refusesWeakOrMalformedConfiguration() {
    assertThatThrownBy(() -> ApiKeys.from(new Settings(Map.of())))
        .hasMessageContaining("No API keys");
    assertThatThrownBy(() -> ApiKeys.from(new Settings(Map.of("LEADROUTER_API_KEYS", "web:short"))))
        .hasMessageContaining("shorter than 16");
    assertThatThrownBy(
            () ->
                ApiKeys.from(
                    new Settings(Map.of("LEADROUTER_API_KEYS", "no-colon-here-0123456789"))))
        .hasMessageContaining("name:key");
  }
}
