package dev.leadrouter.routing.relay;

import dev.leadrouter.runtime.outbox.LeasedWrites;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.StartClockRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * The calls an assignment owes downstream, written to the outbox in the assignment's transaction.
 */
public final class Handoffs {
  public static final String NOTIFY_TOPIC = "notify.notify";
  public static final String START_CLOCK_TOPIC = "sla.start_clock";

  private Handoffs() {}

  /**
   * Queues, in the assignment's transaction, the notification and the SLA clock it hands off to,
   * leased to this process's relay so they go out as soon as it commits.
   *
   * @param previousOwner for a reassignment, the rep the lead was taken from (told too); null for a
   *     first assignment
   */
  public static Future<Void> enqueue(
      SqlClient tx, LeasedWrites writes, Assignment a, Rep owner, Lead lead, Rep previousOwner) {
    return writes.enqueueAll(tx, messages(a, owner, lead, previousOwner));
  }

  /**
   * The outbox rows the assignment owes: its notification and its SLA clock. A routing group writes
   * all its leads' rows in one statement.
   */
  public static List<LeasedWrites.Message> messages(
      Assignment a, Rep owner, Lead lead, Rep previousOwner) {
    NotifyRequest.Builder notify =
        NotifyRequest.newBuilder()
            .setKind(
                previousOwner == null
                    ? NotificationKind.NOTIFICATION_KIND_NEW_LEAD
                    : NotificationKind.NOTIFICATION_KIND_REASSIGNMENT)
            .setAssignmentId(a.getAssignmentId())
            .setLeadId(a.getLeadId())
            .addRecipients(recipient(owner, RecipientRole.RECIPIENT_ROLE_OWNER))
            .setLead(lead)
            .setAssignment(a.toBuilder().clearTrace());
    if (previousOwner != null) {
      notify.addRecipients(recipient(previousOwner, RecipientRole.RECIPIENT_ROLE_PREVIOUS_OWNER));
    }
    StartClockRequest.Builder clock =
        StartClockRequest.newBuilder()
            .setAssignmentId(a.getAssignmentId())
            .setLeadId(a.getLeadId())
            .setRepId(a.getRepId())
            .setQueueId(a.getQueueId())
            .setAssignedAt(a.getDecidedAt())
            .setManagerRepId(owner.getManagerRepId())
            .setRepTimeZone(owner.getTimeZone())
            .setLead(lead);
    if (owner.hasWorkingHours()) {
      clock.setRepWorkingHours(owner.getWorkingHours());
    }
    return List.of(
        new LeasedWrites.Message(NOTIFY_TOPIC, a.getAssignmentId(), notify.build().toByteArray()),
        new LeasedWrites.Message(
            START_CLOCK_TOPIC, a.getAssignmentId(), clock.build().toByteArray()));
  }

  private static Recipient recipient(Rep rep, RecipientRole role) {
    return Recipient.newBuilder()
        .setRepId(rep.getRepId())
        .setDisplayName(rep.getDisplayName())
        .setEmail(rep.getEmail())
        .setPhone(rep.getPhone())
        .setSlackUserId(rep.getSlackUserId())
        .setTimeZone(rep.getTimeZone())
        .setRole(role)
        .build();
  }
}
