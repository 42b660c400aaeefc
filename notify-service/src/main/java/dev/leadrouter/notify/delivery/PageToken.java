package dev.leadrouter.notify.delivery;

import dev.leadrouter.runtime.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Position after the last delivery of a page, for keyset pagination over (created_at DESC, id
 * DESC).
 *
 * <p>Keyset instead of OFFSET so a page costs the same however deep it is and rows inserted
 * meanwhile do not shift later pages. The token also carries a fingerprint of the filters it was
 * issued for: reusing it with other filters would silently skip rows, so that is rejected as the
 * contract says.
 */
public record PageToken(Instant createdAt, UUID id) {
  private static final String FIELD = "page.page_token";

  public String encode(String filterFingerprint) {
    String raw =
        "v1|"
            + createdAt.getEpochSecond()
            + "|"
            + createdAt.getNano()
            + "|"
            + id
            + "|"
            + filterFingerprint;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The position in {@code token}, null for an empty token (first page). */
  public static PageToken decode(String token, String filterFingerprint) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(FIELD, "is not a page token returned by this method");
    }
    if (parts.length != 5 || !parts[0].equals("v1")) {
      throw new InvalidInputException(FIELD, "is not a page token returned by this method");
    }
    if (!parts[4].equals(filterFingerprint)) {
      throw new InvalidInputException(FIELD, "was issued for different filters");
    }
    try {
      return new PageToken(
          Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
          UUID.fromString(parts[3]));
    } catch (RuntimeException e) {
      throw new InvalidInputException(FIELD, "is not a page token returned by this method");
    }
  }
}
