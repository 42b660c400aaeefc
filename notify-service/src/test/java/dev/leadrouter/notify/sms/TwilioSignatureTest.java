package dev.leadrouter.notify.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final Map<String, List<String>> PARAMS =
      Map.of(
          "CallSid", List.of("CA1234567890ABCDE"),
          "Caller", List.of("+12349013030"),
          "Digits", List.of("1234"),
          "From", List.of("+12349013030"),
          "To", List.of("+18005551212"));

  @Test
  void matchesTwiliosDocumentedExample() {
    assertThat(new TwilioSignature("12345").sign(URL, PARAMS))
        .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  }

  @Test
  void refusesAnotherTokenAChangedParameterOrNoHeader() {
    String good = new TwilioSignature("12345").sign(URL, PARAMS);
    assertThat(new TwilioSignature("12345").verify(URL, PARAMS, good)).isTrue();
    assertThat(new TwilioSignature("54321").verify(URL, PARAMS, good)).isFalse();
    assertThat(
            new TwilioSignature("12345")
                .verify(URL, Map.of("CallSid", List.of("CA1234567890ABCDE")), good))
        .isFalse();
    assertThat(new TwilioSignature("12345").verify(URL, PARAMS, null)).isFalse();
  }
}
