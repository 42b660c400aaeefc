package dev.leadrouter.sla.outbound;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxMessage;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.GetRepRequest;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;

/**
 * Delivers {@link Handoffs#NOTIFY_REPS_TOPIC}: the stored request names recipients by rep id only;
 * their contact data (email, Slack, phone, time zone, preferred channels) is fetched from
 * routing-service (GetRep) at delivery time, so a manager who changed address gets the alert at the
 * new one, and no contact data sits in sla-service's outbox. Notify is idempotent per (assignment,
 * kind, channel, recipient), so a repeat after a crash between the two calls sends nothing twice.
 */
public final class RepNotificationDelivery implements OutboxHandler {
  private final PeerCalls routing;
  private final PeerCalls notify;

  public RepNotificationDelivery(PeerCalls routing, PeerCalls notify) {
    this.routing = routing;
    this.notify = notify;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    NotifyRequest request;
    try {
      request = NotifyRequest.parseFrom(message.payload());
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture(new PermanentFailure("unreadable outbox payload", e));
    }
    List<Future<Recipient>> recipients =
        request.getRecipientsList().stream().map(this::withContact).toList();
    return Future.all(recipients)
        .compose(
            all ->
                notify.call(
                    NotifyServiceGrpcClient.Notify,
                    request.toBuilder()
                        .clearRecipients()
                        .addAllRecipients(recipients.stream().map(Future::result).toList())
                        .build()))
        .mapEmpty();
  }

  private Future<Recipient> withContact(Recipient recipient) {
    return routing
        .call(
            RoutingServiceGrpcClient.GetRep,
            GetRepRequest.newBuilder().setRepId(recipient.getRepId()).build())
        .map(rep -> contact(recipient, rep));
  }

  static Recipient contact(Recipient recipient, Rep rep) {
    Recipient.Builder b =
        recipient.toBuilder()
            .setDisplayName(rep.getDisplayName())
            .setEmail(rep.getEmail())
            .setPhone(rep.getPhone())
            .setSlackUserId(rep.getSlackUserId())
            .setTimeZone(rep.getTimeZone());
    for (String name : rep.getNotificationChannelsList()) {
      try {
        b.addPreferredChannels(Channel.valueOf("CHANNEL_" + name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        // A channel this build does not know: notify's deployment default covers the recipient.
      }
    }
    return b.build();
  }
}
