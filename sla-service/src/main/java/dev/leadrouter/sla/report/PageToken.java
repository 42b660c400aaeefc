package dev.leadrouter.sla.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The opaque next_page_token of a speed-to-lead report: the last key returned plus the filters it
 * was returned for, so a token replayed against other filters is refused instead of silently
 * skipping rows.
 */
public final class PageToken {
  private static final String VERSION = "s1";

  private PageToken() {}

  public static String encode(Instant from, Instant to, Grouping grouping, String lastKey) {
    String plain = String.join("|", VERSION, micros(from), micros(to), grouping.name(), lastKey);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The last key of the previous page, or empty when the token is malformed or made for other
   * filters.
   */
  public static Optional<String> decode(String token, Instant from, Instant to, Grouping grouping) {
    String plain;
    try {
      plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // The key comes last and may itself contain '|', so split into at most five parts.
    String[] parts = plain.split("\\|", 5);
    if (parts.length != 5
        || !parts[0].equals(VERSION)
        || !parts[1].equals(micros(from))
        || !parts[2].equals(micros(to))
        || !parts[3].equals(grouping.name())) {
      return Optional.empty();
    }
    return Optional.of(parts[4]);
  }

  private static String micros(Instant instant) {
    return Long.toString(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
  }
}
