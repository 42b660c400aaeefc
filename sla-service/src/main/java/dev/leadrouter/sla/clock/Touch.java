package dev.leadrouter.sla.clock;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated touch of an assignment's lead.
 *
 * @param touchedAt when the rep touched the lead
 * @param channel how (e.g. CALL, EMAIL); null when unknown
 * @param repId who touched; null when the caller did not say
 */
public record Touch(String assignmentId, Instant touchedAt, String channel, String repId) {
  public Touch {
    Objects.requireNonNull(assignmentId, "assignmentId");
    Objects.requireNonNull(touchedAt, "touchedAt");
  }
}
