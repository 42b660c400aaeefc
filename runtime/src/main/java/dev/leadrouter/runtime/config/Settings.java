package dev.leadrouter.runtime.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Typed, documented access to configuration held in environment variables.
 *
 * <p>Services read every setting through this class so that a missing or malformed value fails
 * start-up with the variable's name, instead of surfacing later as a confusing runtime error.
 */
public final class Settings {
  private final Map<String, String> values;

  public Settings(Map<String, String> values) {
    this.values = Map.copyOf(Objects.requireNonNull(values));
  }

  /** The process environment. */
  public static Settings fromEnvironment() {
    return new Settings(System.getenv());
  }

  /** A copy with some values replaced; used by the standalone runner and tests. */
  public Settings with(Map<String, String> overrides) {
    var merged = new java.util.HashMap<>(values);
    merged.putAll(overrides);
    return new Settings(merged);
  }

  public String string(String name, String defaultValue) {
    String v = values.get(name);
    return v == null || v.isBlank() ? defaultValue : v.trim();
  }

  /** A value that may be absent: returns null when unset or blank. */
  public String optional(String name) {
    return string(name, null);
  }

  public String required(String name) {
    String v = optional(name);
    if (v == null) {
      throw new IllegalStateException("Missing required setting " + name);
    }
    return v;
  }

  public int integer(String name, int defaultValue) {
    String v = optional(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("Setting " + name + " must be an integer, got '" + v + "'");
    }
  }

  public boolean bool(String name, boolean defaultValue) {
    String v = optional(name);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw new IllegalStateException(
              "Setting " + name + " must be true or false, got '" + v + "'");
    };
  }

  /**
   * A duration written as ISO-8601 ({@code PT30S}) or as a number with a unit: {@code 250ms},
   * {@code 30s}, {@code 5m}, {@code 2h}.
   */
  public Duration duration(String name, Duration defaultValue) {
    String v = optional(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return parseDuration(v);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Setting " + name + " must be a duration like 30s or PT30S, got '" + v + "'");
    }
  }

  static Duration parseDuration(String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("p")) {
      return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
    }
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException(v);
    };
  }
}
