package dev.leadrouter.notify.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): either delay-seconds or an
 * HTTP-date. Values are capped so a confused or hostile server cannot park a delivery for days.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The wait the header asks for, at most {@code cap}; null when absent or unreadable. */
  public static Duration parse(String header, Clock clock, Duration cap) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String v = header.strip();
    Duration wait;
    try {
      wait = Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        wait = Duration.between(clock.instant(), at.toInstant());
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(cap) > 0 ? cap : wait;
  }
}
