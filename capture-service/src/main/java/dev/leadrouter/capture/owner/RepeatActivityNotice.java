package dev.leadrouter.capture.owner;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxMessage;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.RepeatActivity;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.net.Address;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.time.Duration;
import java.util.Locale;

/**
 * Tells a lead's owner that its contact came back (outbox topic {@code capture.repeat_activity}):
 * asks routing-service who owns the lead now ({@code GetAssignment}), then asks notify-service to
 * tell that rep ({@code NOTIFICATION_KIND_REPEAT_ACTIVITY}). When the repeat was a new CRM record
 * of the same person, the request names it, and notify writes that owner to it too.
 *
 * <p>A lead not routed yet (NOT_FOUND) is retried with the outbox's backoff rather than dropped:
 * its routing request may still be waiting in the same outbox.
 */
public final class RepeatActivityNotice implements OutboxHandler {
  private final GrpcClient client;
  private final Address routing;
  private final Address notify;
  private final String apiKey;
  private final Duration deadline;

  public RepeatActivityNotice(
      GrpcClient client, Address routing, Address notify, String apiKey, Duration deadline) {
    this.client = client;
    this.routing = routing;
    this.notify = notify;
    this.apiKey = apiKey;
    this.deadline = deadline;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    RepeatActivity activity;
    try {
      activity = RepeatActivity.parseFrom(message.payload());
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture(new PermanentFailure("unreadable repeat activity", e));
    }
    return GrpcCalls.unary(
            client,
            routing,
            apiKey,
            RoutingServiceGrpcClient.GetAssignment,
            GetAssignmentRequest.newBuilder().setLeadId(activity.getLeadId()).build(),
            deadline)
        .recover(
            e ->
                Future.failedFuture(
                    GrpcCalls.statusOf(e) == GrpcStatus.NOT_FOUND
                        ? new IllegalStateException(
                            "lead " + activity.getLeadId() + " is not routed yet")
                        : permanentOr(e, "GetAssignment")))
        .compose(
            assignment ->
                GrpcCalls.unary(
                        client,
                        notify,
                        apiKey,
                        NotifyServiceGrpcClient.Notify,
                        request(activity, assignment),
                        deadline)
                    .recover(e -> Future.failedFuture(permanentOr(e, "Notify"))))
        .mapEmpty();
  }

  static NotifyRequest request(RepeatActivity activity, Assignment assignment) {
    var rep = assignment.getRep();
    Recipient.Builder owner =
        Recipient.newBuilder()
            .setRepId(assignment.getRepId())
            .setDisplayName(rep.getDisplayName())
            .setEmail(rep.getEmail())
            .setPhone(rep.getPhone())
            .setSlackUserId(rep.getSlackUserId())
            .setTimeZone(rep.getTimeZone())
            .setRole(RecipientRole.RECIPIENT_ROLE_OWNER);
    for (String c : rep.getNotificationChannelsList()) {
      try {
        owner.addPreferredChannels(
            Channel.valueOf(
                "CHANNEL_" + c.strip().toUpperCase(Locale.ROOT).replaceFirst("^CHANNEL_", "")));
      } catch (IllegalArgumentException e) {
        // a channel this version does not know: notify-service falls back to the deployment default
      }
    }
    NotifyRequest.Builder request = NotifyRequest.newBuilder();
    if (activity.hasCrmRecord()) {
      request.setRepeatCrmRecord(activity.getCrmRecord());
    }
    return request
        .setKind(NotificationKind.NOTIFICATION_KIND_REPEAT_ACTIVITY)
        .setAssignmentId(assignment.getAssignmentId())
        // every repeat is its own notice; a relayed-twice activity is still one
        .setEventId(activity.getActivityId())
        .setLeadId(activity.getLeadId())
        .addRecipients(owner)
        .setLead(activity.getLead())
        .setAssignment(assignment)
        .build();
  }

  private static Throwable permanentOr(Throwable e, String method) {
    return GrpcCalls.isPermanent(e)
        ? new PermanentFailure(method + " refused: " + e.getMessage(), e)
        : e;
  }
}
