package dev.leadrouter.notify.sms;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1 under the auth token
 * of the full URL Twilio requested, followed by every POST parameter's name and value, sorted by
 * name. It proves a status callback or inbound message came from Twilio.
 */
public final class TwilioSignature {
  private final byte[] authToken;

  public TwilioSignature(String authToken) {
    this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
  }

  public String sign(String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params)
        .forEach(
            (name, values) -> values.stream().sorted().forEach(v -> data.append(name).append(v)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of the header against the expected signature. */
  public boolean verify(String url, Map<String, List<String>> params, String header) {
    if (header == null || header.isBlank()) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(url, params).getBytes(StandardCharsets.UTF_8),
        header.strip().getBytes(StandardCharsets.UTF_8));
  }
}
