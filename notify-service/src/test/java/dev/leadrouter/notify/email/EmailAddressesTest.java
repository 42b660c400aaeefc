package dev.leadrouter.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"ana@sales.example", "first.last+tag@sub.example.co.uk", "o'brien@example.ie"})
  void acceptsOrdinaryAddresses(String address) {
    assertThat(EmailAddresses.isValid(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-an-email",
        "@example.com",
        "ana@",
        "ana@localhost",
        "ana@example..com",
        "ana smith@example.com",
        "ana@example.com\r\nBcc: x@example.com",
        "<ana@example.com>",
        ".ana@example.com"
      })
  void rejectsMalformedAddresses(String address) {
    assertThat(EmailAddresses.isValid(address)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"550 5.1.1 <bob@example.com>: no such user", "user bob@example.com unknown"})
  void redactsAddressesFromErrors(String error) {
    assertThat(EmailAddresses.redact(error))
        .doesNotContain("bob@example.com")
        .contains("<address>");
  }
}
