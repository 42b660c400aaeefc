package dev.leadrouter.cli;

import java.time.Duration;
import java.time.Instant;

/** Human durations ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}) and times for the flags. */
final class Durations {
  private Durations() {}

  static Duration parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    char unit = t.charAt(t.length() - 1);
    long n;
    try {
      n = Long.parseLong(t.substring(0, t.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (use 90s, 15m, 2h, 7d)");
    }
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default ->
          throw new IllegalArgumentException(
              "not a duration: '" + text + "' (use 90s, 15m, 2h, 7d)");
    };
  }

  /** An RFC 3339 instant, or a duration before {@code now} (e.g. "24h" = 24 hours ago). */
  static Instant instantOrAgo(String text, Instant now) {
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return now.minus(parse(text));
    }
  }
}
