package dev.leadrouter.notify.webhook;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The JSON body of an outgoing webhook: one event per delivery, with the lead and assignment in the
 * proto3 JSON mapping (the same field names as the gRPC API).
 *
 * <pre>{@code
 * {"event_id": "<delivery id>", "type": "new_lead", "assignment_id": "...", "lead_id": "...",
 *  "recipient": {"rep_id": "ana", "role": "owner"}, "sla_deadline": "2026-01-01T10:00:00Z",
 *  "lead": {...}, "assignment": {...}, "message": {"subject": ..., "text": ...}}
 * }</pre>
 *
 * {@code event_id} is stable across retries: receivers deduplicate on it (it is also sent as {@code
 * X-Leadrouter-Delivery-Id}).
 */
public final class WebhookEvent {
  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private WebhookEvent() {}

  public static JsonObject of(UUID deliveryId, NotifyRequest request, int recipientIndex) {
    Recipient r = request.getRecipients(recipientIndex);
    JsonObject event =
        new JsonObject()
            .put("event_id", deliveryId.toString())
            .put(
                "type",
                request
                    .getKind()
                    .name()
                    .substring("NOTIFICATION_KIND_".length())
                    .toLowerCase(Locale.ROOT))
            .put("assignment_id", request.getAssignmentId())
            .put("lead_id", request.getLeadId())
            .put(
                "recipient",
                new JsonObject()
                    .put("rep_id", r.getRepId())
                    .put(
                        "role",
                        r.getRole()
                            .name()
                            .replace("RECIPIENT_ROLE_", "")
                            .toLowerCase(Locale.ROOT)));
    if (request.hasSlaDeadline()) {
      Timestamp t = request.getSlaDeadline();
      event.put("sla_deadline", Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString());
    }
    if (request.hasLead()) {
      event.put("lead", json(request.getLead()));
    }
    if (request.hasAssignment()) {
      // The rep snapshot holds contact details of our own staff that a CRM does not need.
      event.put(
          "assignment", json(request.getAssignment().toBuilder().clearRep().clearTrace().build()));
    }
    if (request.hasMessage()) {
      event.put("message", json(request.getMessage()));
    }
    return event;
  }

  private static JsonObject json(Message m) {
    try {
      return new JsonObject(JSON.print(m));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot print " + m.getDescriptorForType().getName(), e);
    }
  }
}
