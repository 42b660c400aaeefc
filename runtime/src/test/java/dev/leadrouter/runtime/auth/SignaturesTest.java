package dev.leadrouter.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.errors.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignaturesTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final String SECRET = "webhook-secret-0123456789";
  private final byte[] body = "{\"email\":\"a@b.example\"}".getBytes(StandardCharsets.UTF_8);

  private static HmacSignature hmacAt(Instant at) {
    return new HmacSignature(SECRET, Duration.ofMinutes(5), Clock.fixed(at, ZoneOffset.UTC));
  }

  @Test
  void signedBodyVerifiesWithinTheReplayWindow() {
    String header = hmacAt(NOW).sign(body);
    assertThat(header).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
    hmacAt(NOW.plusSeconds(299)).verify(header, body);
    hmacAt(NOW.minusSeconds(299)).verify(header, body);
  }

  @Test
  void tamperedReplayedOrMalformedSignaturesAreRefused() {
    String header = hmacAt(NOW).sign(body);
    byte[] tampered = "{\"email\":\"x@b.example\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> hmacAt(NOW).verify(header, tampered))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> hmacAt(NOW.plusSeconds(301)).verify(header, body))
        .hasMessageContaining("replay window");
    assertThatThrownBy(() -> hmacAt(NOW).verify("v1=abcd", body)).hasMessageContaining("malformed");
    assertThatThrownBy(() -> hmacAt(NOW).verify("t=x,v1=zz", body))
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> hmacAt(NOW).verify(null, body)).hasMessageContaining("missing");
    String otherSecret =
        new HmacSignature(
                "another-secret-0123456789",
                Duration.ofMinutes(5),
                Clock.fixed(NOW, ZoneOffset.UTC))
            .sign(body);
    assertThatThrownBy(() -> hmacAt(NOW).verify(otherSecret, body))
        .hasMessageContaining("does not match");
  }

  @Test
  void ackTokensRoundTripUntilTheyExpire() {
    AckToken issuer = new AckToken("ack-secret-0123456789", Clock.fixed(NOW, ZoneOffset.UTC));
    String token =
        issuer.issue("7c1e1a52-1111-4e5e-9a43-5f1f4d0b1f00", "alice", NOW.plusSeconds(3600));
    AckToken.Claims claims =
        new AckToken("ack-secret-0123456789", Clock.fixed(NOW.plusSeconds(3599), ZoneOffset.UTC))
            .redeem(token);
    assertThat(claims.assignmentId()).isEqualTo("7c1e1a52-1111-4e5e-9a43-5f1f4d0b1f00");
    assertThat(claims.repId()).isEqualTo("alice");
    assertThatThrownBy(
            () ->
                new AckToken(
                        "ack-secret-0123456789", Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC))
                    .redeem(token))
        .hasMessageContaining("expired");
  }

  @Test
  void forgedOrMangledAckTokensAreRefused() {
    AckToken issuer = new AckToken("ack-secret-0123456789", Clock.fixed(NOW, ZoneOffset.UTC));
    String token = issuer.issue("assignment-1", "alice", NOW.plusSeconds(3600));
    String forged =
        new AckToken("other-secret-0123456789", Clock.fixed(NOW, ZoneOffset.UTC))
            .issue("assignment-1", "alice", NOW.plusSeconds(3600));
    String otherAssignment = issuer.issue("assignment-2", "alice", NOW.plusSeconds(3600));
    String swapped =
        otherAssignment.substring(0, otherAssignment.indexOf("."))
            + token.substring(token.indexOf("."));
    for (String bad : new String[] {forged, swapped, "garbage", ".", "a.b", token + "x", ""}) {
      assertThatThrownBy(() -> issuer.redeem(bad))
          .as(bad)
          .isInstanceOf(UnauthenticatedException.class);
    }
  }

  /** Regression (issue 11): t=9223372036854775807 gave 500 (capture) and 503 (sla). */
  @Test
  void anOutOfRangeTimestampIsUnauthenticatedNotAnError() {
    String header = "t=9223372036854775807,v1=" + "ab".repeat(32);
    assertThatThrownBy(() -> hmacAt(NOW).verify(header, body))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("replay window");
    assertThatThrownBy(() -> hmacAt(NOW).verify("t=-9223372036854775808,v1=ab", body))
        .isInstanceOf(UnauthenticatedException.class);
  }

  /** Regression (issue 11): a signed webhook could be replayed unchanged for its whole window. */
  @Test
  void aSignedRequestIsAcceptedOnceUnlessItFailed() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    SeenSignatures seen = new SeenSignatures(10, clock);
    HmacSignature verifier = new HmacSignature(SECRET, Duration.ofMinutes(5), clock, seen);
    String header = hmacAt(NOW.minusSeconds(10)).sign(body);
    String accepted = verifier.verify(header, body);
    assertThatThrownBy(() -> verifier.verify(header, body))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("already received");
    verifier.forget(accepted);
    assertThat(verifier.verify(header, body)).isEqualTo(accepted);
    String other = hmacAt(NOW.minusSeconds(5)).sign(body);
    assertThat(verifier.verify(other, body)).isNotEqualTo(accepted);
  }

  /** Regression (issue 11): a signed ack token with a malformed expiry gave 500. */
  @Test
  void anAckTokenWithAMalformedExpiryIsInvalid() throws Exception {
    String secret = "ack-secret-0123456789";
    for (String expiry : new String[] {"soon", "99999999999999999999", "9223372036854775807"}) {
      byte[] payload = ("assignment|rep|" + expiry).getBytes(StandardCharsets.UTF_8);
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
      String token = b64.encodeToString(payload) + "." + b64.encodeToString(mac.doFinal(payload));
      assertThatThrownBy(() -> new AckToken(secret, Clock.fixed(NOW, ZoneOffset.UTC)).redeem(token))
          .as(expiry)
          .isInstanceOf(UnauthenticatedException.class);
    }
  }
}
