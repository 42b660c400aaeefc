package dev.leadrouter.sla.outbound;

import com.google.protobuf.Timestamp;
import dev.leadrouter.sla.clock.SlaClock;
import dev.leadrouter.sla.ladder.LadderStep;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.PrecomposedMessage;
import dev.leadrouter.v1.ReassignRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.RecordFirstTouchRequest;
import dev.leadrouter.v1.SlaReassignment;
import java.time.Instant;

/**
 * The calls sla-service makes through its outbox: topics, idempotency keys and payloads. Keys are
 * (clock, step) for ladder steps, so a step's call is written once however often the step is tried.
 */
public final class Handoffs {
  /**
   * NotifyService.Notify to reps named by id only; the handler fills their contact data from
   * routing.
   */
  public static final String NOTIFY_REPS_TOPIC = "notify.reps";

  /** RoutingService.Reassign, unless the lead already moved on. */
  public static final String REASSIGN_TOPIC = "routing.reassign";

  /** RoutingService.RecordFirstTouch. */
  public static final String FIRST_TOUCH_TOPIC = "routing.first_touch";

  /** Who sla-service says asked for a reassignment (ReassignRequest.requested_by). */
  public static final String REQUESTED_BY = "sla";

  private Handoffs() {}

  public static String stepKey(SlaClock clock, LadderStep step) {
    return clock.clockId() + ":" + step.name();
  }

  /** SLA_WARNING to the owner, with the deadline to show. */
  public static NotifyRequest warning(SlaClock clock, Lead lead) {
    return notification(
        clock,
        lead,
        NotificationKind.NOTIFICATION_KIND_SLA_WARNING,
        clock.repId(),
        RecipientRole.RECIPIENT_ROLE_OWNER);
  }

  /** ESCALATION to the owner's manager. */
  public static NotifyRequest escalation(SlaClock clock, Lead lead) {
    return notification(
        clock,
        lead,
        NotificationKind.NOTIFICATION_KIND_ESCALATION,
        clock.managerRepId(),
        RecipientRole.RECIPIENT_ROLE_MANAGER);
  }

  public static SlaReassignment reassignment(SlaClock clock) {
    return SlaReassignment.newBuilder()
        .setAssignmentId(clock.assignmentId())
        .setRequest(
            ReassignRequest.newBuilder()
                .setLeadId(clock.leadId())
                .setReason(
                    "First-touch SLA missed: no touch by "
                        + clock.schedule().deadline()
                        + " (policy "
                        + clock.policyId()
                        + ")")
                .setRequestedBy(REQUESTED_BY))
        .build();
  }

  public static RecordFirstTouchRequest firstTouch(SlaClock touched) {
    return RecordFirstTouchRequest.newBuilder()
        .setAssignmentId(touched.assignmentId())
        .setTouchedAt(timestamp(touched.touchedAt()))
        .build();
  }

  /**
   * The weekly report to one manager. Notify requires an assignment and lead id and is idempotent
   * per (assignment, kind, channel, recipient): the report's id stands in for both, so one report
   * per manager and week is sent however often the job is retried.
   */
  public static NotifyRequest weeklyReport(
      String reportId, String managerRepId, PrecomposedMessage message) {
    return NotifyRequest.newBuilder()
        .setKind(NotificationKind.NOTIFICATION_KIND_REPORT)
        .setAssignmentId(reportId)
        .setLeadId(reportId)
        .addRecipients(
            Recipient.newBuilder()
                .setRepId(managerRepId)
                .setRole(RecipientRole.RECIPIENT_ROLE_MANAGER))
        .setMessage(message)
        .build();
  }

  /**
   * One manager's escalation digest (see {@code CatchUp}). Like the weekly report, the digest's id
   * stands in for assignment and lead id, so the digest is sent once however often it is retried.
   */
  public static NotifyRequest escalationDigest(
      String digestId, String managerRepId, PrecomposedMessage message) {
    return NotifyRequest.newBuilder()
        .setKind(NotificationKind.NOTIFICATION_KIND_REPORT)
        .setAssignmentId(digestId)
        .setLeadId(digestId)
        .addRecipients(
            Recipient.newBuilder()
                .setRepId(managerRepId)
                .setRole(RecipientRole.RECIPIENT_ROLE_MANAGER))
        .setMessage(message)
        .build();
  }

  private static NotifyRequest notification(
      SlaClock clock, Lead lead, NotificationKind kind, String repId, RecipientRole role) {
    NotifyRequest.Builder b =
        NotifyRequest.newBuilder()
            .setKind(kind)
            .setAssignmentId(clock.assignmentId())
            .setLeadId(clock.leadId())
            .addRecipients(Recipient.newBuilder().setRepId(repId).setRole(role))
            .setSlaDeadline(timestamp(clock.schedule().deadline()));
    if (lead != null) {
      b.setLead(lead);
    }
    return b.build();
  }

  private static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
