package dev.leadrouter.sla.touch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.runtime.input.StrictJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A CRM activity webhook body: {@code {"assignment_id" | "lead_id", "touched_at", "channel"}}.
 * Exactly one of the ids; {@code touched_at} is RFC 3339 and defaults to now; {@code channel} is a
 * TouchChannel name with or without the {@code TOUCH_CHANNEL_} prefix, any case, default CRM.
 *
 * @param assignmentId null when the lead is named instead
 * @param leadId null when the assignment is named
 * @param channel stored name, e.g. "CALL"
 */
public record WebhookTouch(String assignmentId, String leadId, Instant touchedAt, String channel) {
  static final int MAX_ID_LENGTH = 64;

  /** CRMs sync with delays; a touch from their future is a clock problem, allow a minute. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private static final Set<String> CHANNELS =
      Set.of("CALL", "EMAIL", "SMS", "MEETING", "ACK_LINK", "CRM");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads a touch reported by a CRM webhook.
   *
   * @throws InvalidInputException listing every problem
   */
  public static WebhookTouch parse(byte[] body, Clock clock) {
    StrictJson.check(body, "body");
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new InvalidInputException("", "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("", "the body must be a JSON object");
    }
    List<Violation> violations = new ArrayList<>();
    String assignmentId = id(root, "assignment_id", violations);
    String leadId = id(root, "lead_id", violations);
    if ((assignmentId == null) == (leadId == null)) {
      violations.add(
          new Violation("assignment_id", "exactly one of assignment_id and lead_id is required"));
    }
    Instant now = clock.instant();
    Instant touchedAt = now;
    String at = text(root, "touched_at", violations);
    if (at != null) {
      try {
        touchedAt = OffsetDateTime.parse(at).toInstant();
        if (touchedAt.isAfter(now.plus(CLOCK_SKEW))) {
          violations.add(new Violation("touched_at", "must not be in the future"));
        }
      } catch (DateTimeParseException e) {
        violations.add(
            new Violation(
                "touched_at", "must be an RFC 3339 timestamp such as 2026-03-09T14:05:00Z"));
      }
    }
    String channel = "CRM";
    String given = text(root, "channel", violations);
    if (given != null) {
      channel = given.toUpperCase(Locale.ROOT).replaceFirst("^TOUCH_CHANNEL_", "");
      if (!CHANNELS.contains(channel)) {
        violations.add(
            new Violation(
                "channel",
                "must be one of " + String.join(", ", CHANNELS.stream().sorted().toList())));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return new WebhookTouch(assignmentId, leadId, touchedAt, channel);
  }

  private static String id(JsonNode root, String field, List<Violation> violations) {
    String v = text(root, field, violations);
    if (v != null && (v.isBlank() || v.length() > MAX_ID_LENGTH)) {
      violations.add(new Violation(field, "must be 1 to " + MAX_ID_LENGTH + " characters"));
      return null;
    }
    return v;
  }

  private static String text(JsonNode root, String field, List<Violation> violations) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      violations.add(new Violation(field, "must be a string"));
      return null;
    }
    return v.asText();
  }
}
