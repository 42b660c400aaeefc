package dev.leadrouter.notify.crm;

import com.google.protobuf.Timestamp;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import java.time.Instant;

/**
 * A follow-up task for the owner a write-back just set, carrying the routing "why". Its subject
 * names the assignment, so the task can be found again in the CRM after a crash (exactly once in
 * effect) and a reassignment gets a task of its own.
 *
 * @param due the first-touch deadline when an SLA applies, else when it was asked for
 */
public record FollowUpTask(
    WriteBackTarget target, String subject, String description, Instant due) {
  static final int MAX_DESCRIPTION = 4000;

  /** Key of the task's outbox message and row: one task per record and assignment. */
  public String key() {
    return key(target.crm(), target.recordId(), target.assignmentId());
  }

  public static String key(String crm, String recordId, String assignmentId) {
    return crm + ":" + recordId + ":" + assignmentId;
  }

  /**
   * The task a successful write-back asks for: only for assignments (new leads and reassignments),
   * not for a repeat's new record of a lead the owner already has a task for.
   *
   * @return null when the request is not an assignment
   */
  public static FollowUpTask of(NotifyRequest request, WriteBackTarget target, Instant now) {
    NotificationKind kind = request.getKind();
    boolean reassigned = kind == NotificationKind.NOTIFICATION_KIND_REASSIGNMENT;
    if (!reassigned && kind != NotificationKind.NOTIFICATION_KIND_NEW_LEAD) {
      return null;
    }
    // Plain words and the assignment id, nothing else: Salesforce's SOQL and HubSpot's search
    // find it again by exact subject.
    String subject =
        (reassigned ? "Follow up: lead reassigned to you" : "Follow up: new lead routed to you")
            + " by leadrouter, ref "
            + target.assignmentId();
    return new FollowUpTask(target, subject, why(request.getAssignment()), due(request, now));
  }

  private static String why(Assignment a) {
    StringBuilder why = new StringBuilder();
    why.append(a.getReason().isEmpty() ? "Routed by leadrouter." : a.getReason());
    if (!a.getReassignReason().isEmpty()) {
      why.append("\nReassigned: ").append(a.getReassignReason());
    }
    if (!a.getQueueId().isEmpty()) {
      why.append("\nQueue: ").append(a.getQueueId());
    }
    why.append("\nleadrouter lead ").append(a.getLeadId());
    return why.length() > MAX_DESCRIPTION ? why.substring(0, MAX_DESCRIPTION) : why.toString();
  }

  @SuppressWarnings("ProtoTimestampGetSecondsGetNano")
  private static Instant due(NotifyRequest request, Instant now) {
    Timestamp deadline = request.getSlaDeadline();
    if (!request.hasSlaDeadline() || deadline.getSeconds() == 0) {
      return now;
    }
    return Instant.ofEpochSecond(deadline.getSeconds(), deadline.getNanos());
  }
}
