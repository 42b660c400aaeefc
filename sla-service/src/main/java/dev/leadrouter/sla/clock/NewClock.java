package dev.leadrouter.sla.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated request to start the clock of an assignment. Optional text fields are null when absent.
 *
 * @param targetOverride replaces the policy's first-touch target; null to use the policy's
 */
public record NewClock(String assignmentId, String leadId, String repId, String queueId, String segment,
    String managerRepId, String repTimeZone, Instant assignedAt, Duration targetOverride) {
  public NewClock {
    Objects.requireNonNull(assignmentId, "assignmentId");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(repId, "repId");
    Objects.requireNonNull(assignedAt, "assignedAt");
  }
}
