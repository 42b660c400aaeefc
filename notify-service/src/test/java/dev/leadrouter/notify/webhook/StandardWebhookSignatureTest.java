package dev.leadrouter.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardWebhookSignatureTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesTheSpecificationsTestVector() {
    String header =
        new StandardWebhookSignature(List.of(SECRET))
            .sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY);

    assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void signsWithEverySecretDuringARotation() {
    String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    String header =
        new StandardWebhookSignature(List.of(other, SECRET))
            .sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, BODY);

    assertThat(header.split(" "))
        .hasSize(2)
        .contains("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void refusesSecretsThatAreNotWhsec() {
    assertThatThrownBy(() -> StandardWebhookSignature.decode("crm-webhook-secret-0123"))
        .hasMessageContaining("whsec_");
    assertThatThrownBy(() -> StandardWebhookSignature.decode("whsec_c2hvcnQ="))
        .hasMessageContaining("24 to 64 bytes");
  }
}
