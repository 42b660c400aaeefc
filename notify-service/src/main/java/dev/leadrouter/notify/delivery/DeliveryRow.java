package dev.leadrouter.notify.delivery;

import com.google.protobuf.Timestamp;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.RecipientRole;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of the deliveries table (without the stored request, which only the sender reads).
 *
 * @param nextAttemptAt when the relay will next try it: the outbox row's {@code available_at}, or
 *     the provider's Retry-After if later; null if none is queued
 */
public record DeliveryRow(
    UUID id,
    String assignmentId,
    String leadId,
    NotificationKind kind,
    Channel channel,
    String recipientRepId,
    RecipientRole role,
    int recipientIndex,
    String address,
    DeliveryStatus status,
    int attempts,
    String lastError,
    Instant createdAt,
    Instant sentAt,
    Instant nextAttemptAt) {

  /**
   * Columns {@link #from} reads; {@code d} is deliveries, {@code o} the delivery's outbox row (LEFT
   * JOIN).
   */
  static final String COLUMNS =
      "d.id, d.assignment_id, d.lead_id, d.kind, d.channel, d.recipient_rep_id, "
          + "d.recipient_role, d.recipient_index, d.address, d.status, d.attempts, d.last_error, d.created_at, "
          + "d.sent_at, CASE WHEN o.parked_at IS NULL THEN GREATEST(o.available_at, d.not_before) END AS next_attempt_at";

  static DeliveryRow from(Row r) {
    return new DeliveryRow(
        r.getUUID("id"),
        r.getString("assignment_id"),
        r.getString("lead_id"),
        StoredEnums.kind(r.getString("kind")),
        StoredEnums.channel(r.getString("channel")),
        r.getString("recipient_rep_id"),
        StoredEnums.role(r.getString("recipient_role")),
        r.getInteger("recipient_index"),
        r.getString("address"),
        StoredEnums.status(r.getString("status")),
        r.getInteger("attempts"),
        r.getString("last_error"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("sent_at")),
        instant(r.getOffsetDateTime("next_attempt_at")));
  }

  public Delivery toProto() {
    Delivery.Builder b =
        Delivery.newBuilder()
            .setDeliveryId(id.toString())
            .setAssignmentId(assignmentId)
            .setLeadId(leadId)
            .setKind(kind)
            .setChannel(channel)
            .setRecipientRepId(recipientRepId)
            .setRecipientRole(role)
            .setAddress(address)
            .setStatus(status)
            .setAttempts(attempts)
            .setCreatedAt(timestamp(createdAt));
    if (lastError != null) {
      b.setLastError(lastError);
    }
    if (sentAt != null) {
      b.setSentAt(timestamp(sentAt));
    }
    if (nextAttemptAt != null
        && (status == DeliveryStatus.DELIVERY_STATUS_PENDING
            || status == DeliveryStatus.DELIVERY_STATUS_RETRYING)) {
      b.setNextAttemptAt(timestamp(nextAttemptAt));
    }
    return b.build();
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
