package dev.leadrouter.routing.relay;

import dev.leadrouter.runtime.outbox.Outbox;
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

/** The calls an assignment owes downstream, written to the outbox in the assignment's transaction. */
public final class Handoffs {
  public static final String NOTIFY_TOPIC = "notify.notify";
  public static final String START_CLOCK_TOPIC = "sla.start_clock";

  private Handoffs() {}

  public static Future<Void> enqueue(SqlClient tx, Assignment a, Rep rep, Lead lead) {
    Rep owner = rep == null ? Rep.newBuilder().setRepId(a.getRepId()).build() : rep;
    NotifyRequest notify = NotifyRequest.newBuilder()
        .setKind(NotificationKind.NOTIFICATION_KIND_NEW_LEAD)
        .setAssignmentId(a.getAssignmentId())
        .setLeadId(a.getLeadId())
        .addRecipients(Recipient.newBuilder()
            .setRepId(owner.getRepId())
            .setDisplayName(owner.getDisplayName())
            .setEmail(owner.getEmail())
            .setPhone(owner.getPhone())
            .setSlackUserId(owner.getSlackUserId())
            .setTimeZone(owner.getTimeZone())
            .setRole(RecipientRole.RECIPIENT_ROLE_OWNER))
        .setLead(lead)
        .setAssignment(a.toBuilder().clearTrace())
        .build();
    StartClockRequest.Builder clock = StartClockRequest.newBuilder()
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
    return Outbox.enqueue(tx, NOTIFY_TOPIC, a.getAssignmentId(), notify.toByteArray())
        .compose(v -> Outbox.enqueue(tx, START_CLOCK_TOPIC, a.getAssignmentId(), clock.build().toByteArray()));
  }
}
