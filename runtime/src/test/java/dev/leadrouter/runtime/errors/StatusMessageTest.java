package dev.leadrouter.runtime.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusMessageTest {

  @Test
  void printableAsciiIsSentAsIsSoDecodeUriReadsIt() {
    String message = "display_name: required, at most 256 characters; time_zone=?/#&+";
    assertThat(StatusMessage.encode(message)).isEqualTo(message);
  }

  @Test
  void percentAndNonAsciiAreEscapedAsUtf8() {
    assertThat(StatusMessage.encode("100% Müller\n")).isEqualTo("100%25 M%C3%BCller%0A");
  }

  @Test
  void decodingRestoresTheMessageAsGrpcJavaDoes() {
    String message = "naïve 100% café: ✓ 😀";
    String encoded = StatusMessage.encode(message);
    assertThat(StatusMessage.decode(encoded)).isEqualTo(message);
    // grpc-java percent-decodes every escape; a plain URL decoder (no '+') does the same here.
    assertThat(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8))
        .isEqualTo(message);
  }

  @Test
  void malformedEscapesStayAsTheyAre() {
    assertThat(StatusMessage.decode("50%-off %zz %")).isEqualTo("50%-off %zz %");
  }
}
