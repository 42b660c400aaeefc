package dev.leadrouter.capture.crm;

import dev.leadrouter.runtime.errors.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's webhook signature, version 3: {@code X-HubSpot-Signature-v3} is the base64 HMAC-SHA256,
 * keyed with the app's client secret, of method + URI + body + {@code X-HubSpot-Request-Timestamp}
 * (Unix milliseconds). Requests whose timestamp is more than five minutes off are refused, so a
 * captured call cannot be replayed later.
 */
public final class HubSpotSignature {
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final byte[] secret;
  private final Clock clock;

  public HubSpotSignature(String clientSecret, Clock clock) {
    if (clientSecret == null || clientSecret.length() < 8) {
      throw new IllegalStateException(
          "HUBSPOT_CLIENT_SECRET is required to receive HubSpot webhooks");
    }
    this.secret = clientSecret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /**
   * @param uri the URL HubSpot called, exactly as registered in the app's webhook settings
   * @throws UnauthenticatedException when the signature is missing, wrong or stale
   */
  public void verify(String method, String uri, byte[] body, String timestamp, String signature) {
    if (signature == null || timestamp == null) {
      throw new UnauthenticatedException(
          "X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required");
    }
    long millis;
    try {
      millis = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw new UnauthenticatedException("X-HubSpot-Request-Timestamp is not a number");
    }
    long skew = Math.abs(clock.millis() - millis);
    if (skew > WINDOW.toMillis()) {
      throw new UnauthenticatedException("the request timestamp is outside the 5-minute window");
    }
    byte[] expected = sign(method, uri, body, timestamp.strip());
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      throw new UnauthenticatedException("X-HubSpot-Signature-v3 is not base64");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new UnauthenticatedException("X-HubSpot-Signature-v3 does not match");
    }
  }

  byte[] sign(String method, String uri, byte[] body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((method + uri).getBytes(StandardCharsets.UTF_8));
      mac.update(body);
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
