package dev.leadrouter.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.errors.PermissionDeniedException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private final ApiKeys keys =
      ApiKeys.from(
          new Settings(
              Map.of(
                  "LEADROUTER_INGEST_API_KEYS",
                      "website:website-key-0123456789, crm:crm-key-abcdefghijklmnop",
                  "LEADROUTER_READ_API_KEYS", "dashboard:dashboard-key-0123456789",
                  "LEADROUTER_ADMIN_API_KEYS",
                      "ops:ops-old-key-0123456789,ops:ops-new-key-0123456789",
                  "LEADROUTER_INTERNAL_API_KEY", "internal-key-0123456789")));

  @Test
  void namesTheCallerAndRoleForBearerOrBareKeys() {
    assertThat(keys.authenticate("Bearer website-key-0123456789"))
        .isEqualTo(new ApiKeys.Caller("website", Role.INGEST, false));
    assertThat(keys.authenticate("bearer crm-key-abcdefghijklmnop").name()).isEqualTo("crm");
    assertThat(keys.authenticate("internal-key-0123456789"))
        .isEqualTo(new ApiKeys.Caller(ApiKeys.INTERNAL_CALLER, Role.INTERNAL, false));
  }

  @Test
  void twoKeysOfOneCallerAreValidAtOnceForRotation() {
    assertThat(keys.authorize("Bearer ops-old-key-0123456789", Role.ADMIN).name()).isEqualTo("ops");
    assertThat(keys.authorize("Bearer ops-new-key-0123456789", Role.ADMIN).name()).isEqualTo("ops");
  }

  @Test
  void theInternalKeyBeingRotatedMayAlsoBeListed() {
    ApiKeys rotating =
        ApiKeys.from(
            new Settings(
                Map.of(
                    "LEADROUTER_INTERNAL_API_KEYS",
                    "internal:internal-old-0123456789,internal:internal-new-0123456789",
                    "LEADROUTER_INTERNAL_API_KEY",
                    "internal-new-0123456789")));
    assertThat(rotating.authorize("internal-old-0123456789", Role.INTERNAL).role())
        .isEqualTo(Role.INTERNAL);
    assertThat(rotating.authorize("internal-new-0123456789", Role.INTERNAL).role())
        .isEqualTo(Role.INTERNAL);
  }

  @Test
  void aRoleGrantsOnlyWhatItNeeds() {
    assertThatThrownBy(() -> keys.authorize("website-key-0123456789", Role.READ))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("'ingest'")
        .hasMessageContaining("'read'");
    assertThatThrownBy(() -> keys.authorize("dashboard-key-0123456789", Role.ADMIN))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> keys.authorize("ops-new-key-0123456789", Role.INTERNAL))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> keys.authorize("ops-new-key-0123456789", Role.INGEST))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> keys.authorize("internal-key-0123456789", Role.INGEST))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(keys.authorize("ops-new-key-0123456789", Role.READ).name()).isEqualTo("ops");
    assertThat(keys.authorize("internal-key-0123456789", Role.ADMIN).name())
        .isEqualTo(ApiKeys.INTERNAL_CALLER);
  }

  @Test
  void aSourceBoundIngestKeyOnlyOpensItsOwnSources() {
    ApiKeys bound = keys.boundToSources(Set.of("website"));
    assertThatThrownBy(() -> bound.authorize("website-key-0123456789", Role.INGEST))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(bound.authorizeSource("website-key-0123456789", "website").name())
        .isEqualTo("website");
    assertThatThrownBy(() -> bound.authorizeSource("crm-key-abcdefghijklmnop", "website"))
        .isInstanceOf(PermissionDeniedException.class);
    assertThatThrownBy(() -> bound.authorizeSource("website-key-0123456789", null))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(bound.authorize("crm-key-abcdefghijklmnop", Role.INGEST).name()).isEqualTo("crm");
  }

  @Test
  void refusesMissingAndWrongKeys() {
    assertThatThrownBy(() -> keys.authenticate(null)).isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> keys.authenticate("Bearer "))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> keys.authorize("Bearer website-key-012345678", Role.INGEST))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessage("invalid API key");
  }

  @Test
  void refusesWeakAmbiguousOrOldConfiguration() {
    assertThatThrownBy(() -> ApiKeys.from(new Settings(Map.of())))
        .hasMessageContaining("No API keys");
    assertThatThrownBy(
            () -> ApiKeys.from(new Settings(Map.of("LEADROUTER_READ_API_KEYS", "web:short"))))
        .hasMessageContaining("shorter than 16");
    assertThatThrownBy(
            () ->
                ApiKeys.from(
                    new Settings(Map.of("LEADROUTER_ADMIN_API_KEYS", "no-colon-here-0123456789"))))
        .hasMessageContaining("name:key");
    assertThatThrownBy(
            () ->
                ApiKeys.from(
                    new Settings(
                        Map.of(
                            "LEADROUTER_READ_API_KEYS", "a:same-key-0123456789",
                            "LEADROUTER_ADMIN_API_KEYS", "b:same-key-0123456789"))))
        .hasMessageContaining("configured twice");
    assertThatThrownBy(
            () ->
                ApiKeys.from(new Settings(Map.of("LEADROUTER_API_KEYS", "web:web-key-0123456789"))))
        .hasMessageContaining("no longer read");
  }
}
