package dev.leadrouter.notify.email;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.notify.delivery.DeliveryRepository;
import dev.leadrouter.notify.delivery.SendableDelivery;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxMessage;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import io.vertx.core.Future;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the email of one delivery when the outbox relay hands it over (topic {@code notify.email}).
 *
 * <p>The relay delivers at least once, so a delivery already SENT is acknowledged without sending.
 * Transient SMTP failures mark it RETRYING and fail the attempt, which the relay retries with
 * backoff; after {@code maxAttempts} it is DEAD_LETTER. A 5xx reply marks it FAILED at once. Both
 * final states fail with {@link PermanentFailure} so the relay parks the outbox row.
 *
 * <p>Logs name delivery ids only: addresses and lead data are personal data.
 */
public final class EmailDeliveryHandler implements OutboxHandler {
  private static final Logger log = LoggerFactory.getLogger(EmailDeliveryHandler.class);

  private final DeliveryRepository deliveries;
  private final EmailSender sender;
  private final LeadEmailTemplate template;
  private final int maxAttempts;

  public EmailDeliveryHandler(DeliveryRepository deliveries, EmailSender sender, LeadEmailTemplate template,
      int maxAttempts) {
    this.deliveries = deliveries;
    this.sender = sender;
    this.template = template;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    UUID id;
    try {
      id = UUID.fromString(message.key());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new PermanentFailure("outbox key is not a delivery id", null));
    }
    return deliveries.findSendable(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new PermanentFailure("delivery " + id + " does not exist", null));
      }
      SendableDelivery d = found.get();
      return switch (d.status()) {
        case DELIVERY_STATUS_SENT, DELIVERY_STATUS_FAILED, DELIVERY_STATUS_DEAD_LETTER -> {
          log.info("delivery {} already {}, not sending again", id, d.status());
          yield Future.succeededFuture();
        }
        default -> renderAndSend(d);
      };
    });
  }

  private Future<Void> renderAndSend(SendableDelivery d) {
    NotifyRequest request;
    String to;
    EmailContent content;
    try {
      request = NotifyRequest.parseFrom(d.request());
      to = request.getRecipients(d.recipientIndex()).getEmail();
      content = template.render(request, d.recipientIndex());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // Rendering the same stored bytes will fail the same way next time.
      log.error("delivery {} cannot be rendered: {}", d.id(), e.getClass().getSimpleName());
      return fail(d.id(), DeliveryStatus.DELIVERY_STATUS_FAILED, "cannot render message: " + e.getClass().getSimpleName());
    }
    return deliveries.markSending(d.id()).compose(attempt -> {
      if (attempt.isEmpty()) {
        // Another replica finished it between our read and now.
        return Future.succeededFuture();
      }
      return sender.send(d.id().toString(), to, content).transform(ar -> {
        if (ar.succeeded()) {
          log.info("delivery {} sent (attempt {})", d.id(), attempt.get());
          return deliveries.markSent(d.id());
        }
        return failed(d.id(), attempt.get(), ar.cause());
      });
    });
  }

  private Future<Void> failed(UUID id, int attempt, Throwable cause) {
    SendFailure failure = cause instanceof SendFailure f ? f : SendFailure.of(cause);
    if (failure.permanent()) {
      log.warn("delivery {} refused by the SMTP server: {}", id, failure.getMessage());
      return fail(id, DeliveryStatus.DELIVERY_STATUS_FAILED, failure.getMessage());
    }
    if (attempt >= maxAttempts) {
      log.warn("delivery {} dead-lettered after {} attempts: {}", id, attempt, failure.getMessage());
      return fail(id, DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER, failure.getMessage());
    }
    log.info("delivery {} attempt {} failed, will retry: {}", id, attempt, failure.getMessage());
    return deliveries.markUnsent(id, DeliveryStatus.DELIVERY_STATUS_RETRYING, failure.getMessage())
        .compose(v -> Future.failedFuture(failure));
  }

  /** Records a final failure and tells the relay not to retry. */
  private Future<Void> fail(UUID id, DeliveryStatus status, String error) {
    return deliveries.markUnsent(id, status, error)
        .compose(v -> Future.failedFuture(new PermanentFailure("delivery " + id + " " + status + ": " + error, null)));
  }
}
