package dev.leadrouter.runtime.auth;

import dev.leadrouter.runtime.errors.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token in a notification's one-click "I'm on it" link: which assignment, which rep, until
 * when, signed with HMAC-SHA256 under {@code LEADROUTER_ACK_SECRET}. notify-service issues it,
 * sla-service redeems it; nothing is stored, so the link works however many replicas there are.
 *
 * <p>Format: base64url({@code assignmentId|repId|expiresEpochSeconds}) + "." + base64url(HMAC).
 */
public final class AckToken {
  private final byte[] secret;
  private final Clock clock;

  public AckToken(String secret, Clock clock) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalStateException("LEADROUTER_ACK_SECRET must be at least 16 characters");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** What a valid token says. */
  public record Claims(String assignmentId, String repId, Instant expiresAt) {}

  public String issue(String assignmentId, String repId, Instant expiresAt) {
    if (assignmentId.contains("|") || repId.contains("|")) {
      throw new IllegalArgumentException("ids must not contain '|'");
    }
    byte[] payload =
        (assignmentId + "|" + repId + "|" + expiresAt.getEpochSecond())
            .getBytes(StandardCharsets.UTF_8);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload));
  }

  /**
   * Checks a link's token and reads what it grants.
   *
   * @throws UnauthenticatedException when the token is malformed, forged or expired
   */
  public Claims redeem(String token) {
    if (token == null || token.length() > 512) {
      throw new UnauthenticatedException("invalid link");
    }
    int dot = token.indexOf('.');
    byte[] payload;
    byte[] given;
    try {
      payload = Base64.getUrlDecoder().decode(token.substring(0, Math.max(dot, 0)));
      given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw new UnauthenticatedException("invalid link");
    }
    if (dot <= 0 || !MessageDigest.isEqual(mac(payload), given)) {
      throw new UnauthenticatedException("invalid link");
    }
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
    if (parts.length != 3) {
      throw new UnauthenticatedException("invalid link");
    }
    Instant expires;
    try {
      expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      // Only a holder of the secret can sign a token, but a malformed one is still just invalid.
      throw new UnauthenticatedException("invalid link");
    }
    if (!clock.instant().isBefore(expires)) {
      throw new UnauthenticatedException("this link has expired");
    }
    return new Claims(parts[0], parts[1], expires);
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
