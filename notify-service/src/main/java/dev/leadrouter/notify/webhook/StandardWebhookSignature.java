package dev.leadrouter.notify.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs outgoing webhooks per the Standard Webhooks specification, so receivers can verify them
 * with its libraries: {@code webhook-signature: v1,<Base64 HMAC-SHA256 of "<webhook-id>.<webhook-
 * timestamp>.<body>">}, keyed with the Base64 bytes of a {@code whsec_} secret.
 *
 * <p>Several secrets sign at once (space-separated signatures), which is how the spec rotates keys:
 * add the new secret here, move receivers to it, then drop the old one; no event fails in between.
 */
public final class StandardWebhookSignature {
  public static final String PREFIX = "whsec_";
  private final List<byte[]> keys;

  /**
   * @param secrets {@code whsec_<Base64>} secrets, current first; at least one
   */
  public StandardWebhookSignature(List<String> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret");
    }
    List<byte[]> decoded = new ArrayList<>();
    for (String s : secrets) {
      decoded.add(decode(s));
    }
    this.keys = List.copyOf(decoded);
  }

  /** The key bytes of a {@code whsec_} secret; refuses anything else (24 to 64 bytes). */
  public static byte[] decode(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is whsec_ followed by Base64");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException("a webhook secret holds 24 to 64 bytes");
    }
    return key;
  }

  /** The {@code webhook-signature} header value for one message. */
  public String sign(String id, long timestampSeconds, byte[] body) {
    byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    StringBuilder header = new StringBuilder();
    for (byte[] key : keys) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(prefix);
        String sig = Base64.getEncoder().encodeToString(mac.doFinal(body));
        header.append(header.length() == 0 ? "" : " ").append("v1,").append(sig);
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    }
    return header.toString();
  }
}
