package dev.leadrouter.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeGuardTest {
  @Test
  void everyPostIsAChangeUnlessItIsAKnownRead() {
    assertThat(ChangeGuard.needsChangeRight("POST", "/team/save")).isTrue();
    assertThat(ChangeGuard.needsChangeRight("POST", "/team/status")).isTrue();
    assertThat(ChangeGuard.needsChangeRight("POST", "/deliveries/retry")).isTrue();
    assertThat(ChangeGuard.needsChangeRight("POST", "/matrix/publish")).isTrue();
    assertThat(ChangeGuard.needsChangeRight("POST", "/some/new/route")).isTrue();
    assertThat(ChangeGuard.needsChangeRight("DELETE", "/team")).isTrue();
  }

  @Test
  void readsPassWhateverTheMethod() {
    assertThat(ChangeGuard.needsChangeRight("GET", "/team")).isFalse();
    assertThat(ChangeGuard.needsChangeRight("POST", "/backtest/run")).isFalse();
    assertThat(ChangeGuard.needsChangeRight("POST", "/matrix/simulate")).isFalse();
    assertThat(ChangeGuard.needsChangeRight("POST", "/sign-out")).isFalse();
  }
}
