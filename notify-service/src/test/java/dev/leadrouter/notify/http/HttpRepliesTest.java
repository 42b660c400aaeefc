package dev.leadrouter.notify.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.delivery.SendFailure;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRepliesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  private static final Duration CAP = Duration.ofMinutes(10);

  @ParameterizedTest(name = "HTTP {0}: permanent={1} maybeAccepted={2}")
  @CsvSource({
    "400, true, false", "401, true, false", "403, true, false", "404, true, false",
        "410, true, false",
    "408, false, false", "429, false, false", "500, false, true", "502, false, true",
        "503, false, true"
  })
  void statusClassification(int status, boolean permanent, boolean maybeAccepted) {
    SendFailure f =
        HttpReplies.ofStatus("Slack webhook", status, null, "invalid_payload", CLOCK, CAP);

    assertThat(f.permanent()).isEqualTo(permanent);
    assertThat(f.maybeAccepted()).isEqualTo(maybeAccepted);
    assertThat(f.getMessage())
        .isEqualTo("Slack webhook answered HTTP " + status + ": invalid_payload");
  }

  @ParameterizedTest(name = "Retry-After {0} -> {1}s")
  @CsvSource({
    "3, 3",
    "0, 0",
    "'Thu, 01 Jan 2026 10:00:30 GMT', 30",
    "'Thu, 01 Jan 2026 09:00:00 GMT', 0",
    "86400, 600"
  })
  void retryAfterIsHonouredAndCapped(String header, long seconds) {
    SendFailure f = HttpReplies.ofStatus("SMS API", 429, header, "", CLOCK, CAP);

    assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void unreadableRetryAfterMeansOrdinaryBackoff() {
    assertThat(HttpReplies.ofStatus("SMS API", 429, "soon", "", CLOCK, CAP).retryAfter()).isNull();
  }

  @Test
  void refusedConnectionNeverReachedTheProviderButATimeoutMayHave() {
    assertThat(HttpReplies.ofException("SMS API", new ConnectException("refused")).maybeAccepted())
        .isFalse();
    SendFailure timeout =
        HttpReplies.ofException(
            "SMS API", new TimeoutException("POST https://secret/url timed out"));
    assertThat(timeout.maybeAccepted()).isTrue();
    assertThat(timeout.getMessage()).isEqualTo("SMS API timed out").doesNotContain("secret");
  }
}
