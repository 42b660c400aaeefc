package dev.leadrouter.runtime.auth;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API keys a service accepts, each with the caller's name.
 *
 * <p>Keys come from {@code LEADROUTER_API_KEYS} ({@code name:key,name:key}), normally mounted from
 * a Kubernetes Secret, plus {@code LEADROUTER_INTERNAL_API_KEY}, the key our own services present
 * to each other (caller name {@code internal}). Only SHA-256 digests are kept in memory and
 * compared in constant time, so neither a heap dump nor response timing gives a key away.
 */
public final class ApiKeys {
  public static final String INTERNAL_CALLER = "internal";
  private final Map<String, byte[]> digestsByCaller;

  public ApiKeys(Map<String, String> keysByCaller) {
    if (keysByCaller.isEmpty()) {
      throw new IllegalStateException(
          "No API keys configured: set LEADROUTER_API_KEYS and LEADROUTER_INTERNAL_API_KEY");
    }
    Map<String, byte[]> digests = new LinkedHashMap<>();
    keysByCaller.forEach(
        (caller, key) -> {
          if (key.length() < 16) {
            throw new IllegalStateException(
                "API key for '" + caller + "' is shorter than 16 characters");
          }
          digests.put(caller, sha256(key));
        });
    this.digestsByCaller = Map.copyOf(digests);
  }

  // String.split drops trailing empty parts: a trailing comma in the setting is tolerated on
  // purpose.
  @SuppressWarnings("StringSplitter")
  public static ApiKeys from(Settings settings) {
    Map<String, String> keys = new LinkedHashMap<>();
    String list = settings.optional("LEADROUTER_API_KEYS");
    if (list != null) {
      for (String entry : list.split(",")) {
        int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
          throw new IllegalStateException("LEADROUTER_API_KEYS entries must look like name:key");
        }
        keys.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
      }
    }
    String internal = settings.optional("LEADROUTER_INTERNAL_API_KEY");
    if (internal != null) {
      keys.put(INTERNAL_CALLER, internal);
    }
    return new ApiKeys(keys);
  }

  /**
   * Returns the caller's name for an {@code Authorization: Bearer <key>} or bare-key header value.
   *
   * @throws UnauthenticatedException when the value is missing or matches no key
   */
  public String authenticate(String headerValue) {
    if (headerValue == null || headerValue.isBlank()) {
      throw new UnauthenticatedException(
          "missing API key: send 'Authorization: Bearer <key>' or 'X-Api-Key'");
    }
    String key =
        headerValue.regionMatches(true, 0, "Bearer ", 0, 7)
            ? headerValue.substring(7).trim()
            : headerValue.trim();
    byte[] digest = sha256(key);
    String found = null;
    // Compare against every key so the time taken does not depend on which one matched.
    for (Map.Entry<String, byte[]> e : digestsByCaller.entrySet()) {
      if (MessageDigest.isEqual(e.getValue(), digest)) {
        found = e.getKey();
      }
    }
    if (found == null) {
      throw new UnauthenticatedException("invalid API key");
    }
    return found;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
