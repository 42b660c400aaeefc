package dev.leadrouter.runtime.crm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The signed JWT of Salesforce's OAuth 2.0 JWT bearer flow (RFC 7523): RS256 over {@code iss} (the
 * connected app's consumer key), {@code sub} (the integration user), {@code aud} (the login host)
 * and a short {@code exp}. Built with java.security only.
 */
public final class JwtBearerAssertion {
  private static final Duration LIFETIME = Duration.ofMinutes(3);
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final String issuer;
  private final String subject;
  private final String audience;
  private final PrivateKey key;
  private final Clock clock;

  public JwtBearerAssertion(
      String issuer, String subject, String audience, String pkcs8Pem, Clock clock) {
    this.issuer = issuer;
    this.subject = subject;
    this.audience = audience;
    this.key = readKey(pkcs8Pem);
    this.clock = clock;
  }

  /** A fresh assertion, valid for three minutes. */
  public String create() {
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"iss\":"
            + quote(issuer)
            + ",\"sub\":"
            + quote(subject)
            + ",\"aud\":"
            + quote(audience)
            + ",\"exp\":"
            + clock.instant().plus(LIFETIME).getEpochSecond()
            + "}";
    String signingInput = b64(header) + "." + b64(claims);
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the Salesforce JWT: " + e.getMessage(), e);
    }
  }

  private static String b64(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String s) {
    return io.vertx.core.json.Json.encode(s);
  }

  /** Reads a PEM "PRIVATE KEY" (PKCS#8); {@code \n} escapes are accepted for one-line env vars. */
  static PrivateKey readKey(String pem) {
    String body =
        pem.replace("\\n", "\n")
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new IllegalStateException(
          "SALESFORCE_PRIVATE_KEY is PKCS#1: convert it with"
              + " `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem`");
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("SALESFORCE_PRIVATE_KEY is not a PEM PKCS#8 RSA key", e);
    }
  }
}
