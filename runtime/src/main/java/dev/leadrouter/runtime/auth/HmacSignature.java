package dev.leadrouter.runtime.auth;

import dev.leadrouter.runtime.errors.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 request signatures with a timestamp, in the style of Stripe and Slack: header value
 * {@code t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">}.
 *
 * <p>The timestamp is signed with the body, and signatures older or newer than the replay window
 * are refused, so a captured request cannot be replayed later. Used for inbound webhooks (capture,
 * sla) and signed outbound webhooks (notify).
 */
public final class HmacSignature {
  private final byte[] secret;
  private final Duration replayWindow;
  private final Clock clock;
  private final SeenSignatures seen;

  /** For signing (outbound webhooks), or verifying without replay memory. */
  public HmacSignature(String secret, Duration replayWindow, Clock clock) {
    this(secret, replayWindow, clock, null);
  }

  /**
   * @param seen signatures already accepted: the same signed request is accepted once in its
   *     window; null for none
   */
  public HmacSignature(String secret, Duration replayWindow, Clock clock, SeenSignatures seen) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalStateException("HMAC secrets must be at least 16 characters");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.replayWindow = replayWindow;
    this.clock = clock;
    this.seen = seen;
  }

  /** The header value for a body sent now. */
  public String sign(byte[] body) {
    long t = clock.instant().getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t, body));
  }

  /**
   * Checks a header value against the body, and that it was not accepted before.
   *
   * @return the signature as remembered: {@link #forget} it when the request then fails, so the
   *     sender's retry is not taken for a replay
   * @throws UnauthenticatedException when it is missing, malformed, outside the replay window,
   *     wrong, or a replay
   */
  public String verify(String header, byte[] body) {
    if (header == null || header.isBlank()) {
      throw new UnauthenticatedException("missing signature");
    }
    Long t = null;
    byte[] given = null;
    for (String part : header.split(",", -1)) {
      String p = part.trim();
      try {
        if (p.startsWith("t=")) {
          t = Long.parseLong(p.substring(2));
        } else if (p.startsWith("v1=")) {
          given = HexFormat.of().parseHex(p.substring(3));
        }
      } catch (IllegalArgumentException e) {
        throw new UnauthenticatedException("malformed signature");
      }
    }
    if (t == null || given == null) {
      throw new UnauthenticatedException("malformed signature: expected t=<seconds>,v1=<hex>");
    }
    // Compared as seconds: any long is a valid header value, and turning one outside Instant's
    // range into an Instant would throw (a 500 for an unauthenticated caller).
    long now = clock.instant().getEpochSecond();
    long window = replayWindow.toSeconds();
    if (t < now - window || t > now + window) {
      throw new UnauthenticatedException("signature timestamp outside the replay window");
    }
    if (!MessageDigest.isEqual(mac(t, body), given)) {
      throw new UnauthenticatedException("signature does not match");
    }
    String signature = t + "." + HexFormat.of().formatHex(given);
    if (seen != null && !seen.firstTime(signature, t + window)) {
      throw new UnauthenticatedException("this signed request was already received");
    }
    return signature;
  }

  /** Lets a verified request that then failed be sent again with the same signature. */
  public void forget(String signature) {
    if (seen != null && signature != null) {
      seen.forget(signature);
    }
  }

  private byte[] mac(long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
