package dev.leadrouter.sla.clock;

import dev.leadrouter.sla.businesshours.BusinessCalendar;
import dev.leadrouter.v1.Lead;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated request to start the clock of an assignment. Optional values are null when absent.
 *
 * @param targetOverride replaces the policy's first-touch target; null to use the policy's
 * @param lead the lead, for policy rules and the notifications the ladder sends; null when not sent
 * @param workingHours the owner's working week, for business-hours policies; null when not sent
 */
public record NewClock(
    String assignmentId,
    String leadId,
    String repId,
    String queueId,
    String segment,
    String managerRepId,
    String repTimeZone,
    Instant assignedAt,
    Duration targetOverride,
    Lead lead,
    BusinessCalendar workingHours) {
  public NewClock {
    Objects.requireNonNull(assignmentId, "assignmentId");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(repId, "repId");
    Objects.requireNonNull(assignedAt, "assignedAt");
  }

  public NewClock(
      String assignmentId,
      String leadId,
      String repId,
      String queueId,
      String segment,
      String managerRepId,
      String repTimeZone,
      Instant assignedAt,
      Duration targetOverride) {
    this(
        assignmentId,
        leadId,
        repId,
        queueId,
        segment,
        managerRepId,
        repTimeZone,
        assignedAt,
        targetOverride,
        null,
        null);
  }

  /** What policy rules see. */
  public LeadFacts facts() {
    if (lead == null) {
      return new LeadFacts(queueId, segment, null, null, null, 0);
    }
    String channel = lead.getSource().getChannel().name().replaceFirst("^SOURCE_CHANNEL_", "");
    return new LeadFacts(
        queueId,
        segment,
        "UNSPECIFIED".equals(channel) || "UNRECOGNIZED".equals(channel) ? null : channel,
        lead.getSource().getSourceId().isEmpty() ? null : lead.getSource().getSourceId(),
        lead.getProductInterestsList(),
        lead.getScore());
  }
}
