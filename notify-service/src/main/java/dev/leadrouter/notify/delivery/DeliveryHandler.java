package dev.leadrouter.notify.delivery;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.notify.content.AckLinks;
import dev.leadrouter.notify.content.NotificationView;
import dev.leadrouter.notify.ratelimit.RateLimiter;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxMessage;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one delivery when the outbox relay hands it over (topic {@code notify.<channel>}), whatever
 * the channel; the channel's {@link ChannelSender} does the talking.
 *
 * <ul>
 *   <li>At least once: the relay may offer a delivery again, so one already SENT, FAILED or
 *       DEAD_LETTER is acknowledged without sending. Leases keep replicas off each other's rows.
 *   <li>Retry-After: an offer before the provider's requested time fails at once, without calling
 *       out and without counting an attempt (the relay's backoff knows nothing of Retry-After).
 *   <li>Rate limits: a message waits for its endpoint's token when that takes at most {@code
 *       maxRateWait}; otherwise it is handed back to the relay like an early offer.
 *   <li>Unknown outcomes: after a timeout or 5xx, or when a replica died mid-send (status still
 *       SENDING), the sender is asked whether the provider took the message before it is sent
 *       again.
 *   <li>Failures: permanent ones (SMTP 5xx, HTTP 4xx) mark the delivery FAILED at once; transient
 *       ones RETRYING until {@code maxAttempts}, then DEAD_LETTER. Both final states fail with
 *       {@link PermanentFailure} so the relay parks the outbox row.
 * </ul>
 *
 * <p>Logs name delivery ids only: addresses and lead data are personal data.
 */
public final class DeliveryHandler implements OutboxHandler {
  private static final Logger log = LoggerFactory.getLogger(DeliveryHandler.class);

  /** Fails an offer that came too early; the relay retries it after its backoff. Not an attempt. */
  static final class NotYet extends RuntimeException {
    NotYet(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final DeliveryRepository deliveries;
  private final ChannelSender sender;
  private final AckLinks ackLinks;
  private final RateLimiter rateLimiter;
  private final Duration maxRateWait;
  private final int maxAttempts;
  private final Clock clock;
  private io.micrometer.core.instrument.MeterRegistry registry;

  public DeliveryHandler(
      Vertx vertx,
      DeliveryRepository deliveries,
      ChannelSender sender,
      AckLinks ackLinks,
      RateLimiter rateLimiter,
      Duration maxRateWait,
      int maxAttempts,
      Clock clock) {
    this.vertx = vertx;
    this.deliveries = deliveries;
    this.sender = sender;
    this.ackLinks = ackLinks;
    this.rateLimiter = rateLimiter;
    this.maxRateWait = maxRateWait;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    UUID id;
    try {
      id = UUID.fromString(message.key());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new PermanentFailure("outbox key is not a delivery id", null));
    }
    return deliveries
        .findSendable(id)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(
                    new PermanentFailure("delivery " + id + " does not exist", null));
              }
              SendableDelivery d = found.get();
              return switch (d.status()) {
                case DELIVERY_STATUS_SENT,
                    DELIVERY_STATUS_FAILED,
                    DELIVERY_STATUS_DEAD_LETTER,
                    DELIVERY_STATUS_SKIPPED -> {
                  log.info("delivery {} already {}, not sending again", id, d.status());
                  yield Future.succeededFuture();
                }
                default -> prepare(d);
              };
            });
  }

  private Future<Void> prepare(SendableDelivery d) {
    Instant now = clock.instant();
    if (d.notBefore() != null && now.isBefore(d.notBefore())) {
      return Future.failedFuture(
          new NotYet(
              "delivery "
                  + d.id()
                  + " waits for the provider's Retry-After until "
                  + d.notBefore()));
    }
    Outgoing outgoing;
    try {
      NotifyRequest request = NotifyRequest.parseFrom(d.request());
      String ackUrl = ackLinks.linkFor(request, d.recipientIndex());
      outgoing =
          new Outgoing(
              d.id(),
              d.address(),
              new NotificationView(request, d.recipientIndex(), ackUrl),
              d.firstAttemptAt());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // Reading the same stored bytes will fail the same way next time.
      log.error("delivery {} cannot be read: {}", d.id(), e.getClass().getSimpleName());
      return fail(
          d.id(),
          DeliveryStatus.DELIVERY_STATUS_FAILED,
          "cannot read request: " + e.getClass().getSimpleName());
    }
    ChannelSender.Endpoint endpoint = sender.endpointOf(outgoing);
    Duration wait = rateLimiter.tryReserve(endpoint.key(), endpoint.limit(), maxRateWait);
    if (wait == null) {
      return Future.failedFuture(
          new NotYet("delivery " + d.id() + " waits for the rate limit of " + endpoint.key()));
    }
    if (wait.isZero()) {
      return attempt(d, outgoing);
    }
    Promise<Void> done = Promise.promise();
    vertx.setTimer(Math.max(1, wait.toMillis()), t -> attempt(d, outgoing).onComplete(done));
    return done.future();
  }

  private Future<Void> attempt(SendableDelivery d, Outgoing outgoing) {
    // A delivery found SENDING was being sent by a replica that died (its lease expired): that send
    // may have reached the provider, exactly like a timeout.
    boolean uncertain = d.outcomeUnknown() || d.status() == DeliveryStatus.DELIVERY_STATUS_SENDING;
    return deliveries
        .markSending(d.id())
        .compose(
            started -> {
              if (started.isEmpty()) {
                // Another replica finished it between our read and now.
                return Future.succeededFuture();
              }
              int attempt = started.get().number();
              Outgoing o = outgoing.withFirstAttemptAt(started.get().firstAttemptAt());
              Future<SendReceipt> sent = uncertain ? checkThenSend(o) : send(o);
              return sent.transform(
                  ar -> {
                    if (ar.succeeded()) {
                      log.info(
                          "delivery {} sent (attempt {}) {} {} {} {}",
                          d.id(),
                          attempt,
                          kv("lead_id", o.view().request().getLeadId()),
                          kv("assignment_id", o.view().request().getAssignmentId()),
                          kv("kind", o.view().request().getKind().name()),
                          kv("channel", d.channel().name()));
                      count("sent", d.channel());
                      return deliveries.markSent(d.id(), ar.result().providerRef());
                    }
                    return failed(d.id(), d.channel(), attempt, ar.cause());
                  });
            });
  }

  private Future<SendReceipt> checkThenSend(Outgoing o) {
    Future<Optional<SendReceipt>> earlier;
    try {
      earlier = sender.findAccepted(o);
    } catch (RuntimeException e) {
      earlier = Future.failedFuture(e);
    }
    return earlier
        .recover(
            e ->
                Future.failedFuture(
                    SendFailure.outcomeUnknown(
                        "cannot tell whether an earlier attempt was accepted: " + e.getMessage())))
        .compose(
            found -> {
              if (found.isPresent()) {
                log.info(
                    "delivery {}: the provider had accepted an earlier attempt, not sending again",
                    o.deliveryId());
                return Future.succeededFuture(found.get());
              }
              return send(o);
            });
  }

  /**
   * Counts outcomes as {@code leadrouter_notify_deliveries_total{channel, outcome}} (sent, retry,
   * failed, dead_letter): the delivery-failure panel of the dashboard and an alerting signal.
   */
  public DeliveryHandler recordMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    this.registry = registry;
    return this;
  }

  private void count(String outcome, Channel channel) {
    if (registry != null) {
      registry
          .counter(
              "leadrouter.notify.deliveries",
              "channel",
              channel.name().replace("CHANNEL_", "").toLowerCase(java.util.Locale.ROOT),
              "outcome",
              outcome)
          .increment();
    }
  }

  private Future<SendReceipt> send(Outgoing o) {
    try {
      return sender.send(o);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> failed(UUID id, Channel channel, int attempt, Throwable cause) {
    SendFailure failure =
        cause instanceof SendFailure f
            ? f
            : SendFailure.outcomeUnknown("unexpected " + cause.getClass().getSimpleName());
    if (failure.skipped()) {
      log.info("delivery {} skipped: {}", id, failure.getMessage());
      count("skipped", channel);
      return deliveries.markUnsent(
          id, DeliveryStatus.DELIVERY_STATUS_SKIPPED, failure.getMessage(), null, false);
    }
    if (failure.permanent()) {
      log.warn("delivery {} refused: {}", id, failure.getMessage());
      count("failed", channel);
      return fail(id, DeliveryStatus.DELIVERY_STATUS_FAILED, failure.getMessage());
    }
    if (attempt >= maxAttempts) {
      log.warn(
          "delivery {} dead-lettered after {} attempts: {}", id, attempt, failure.getMessage());
      count("dead_letter", channel);
      return fail(id, DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER, failure.getMessage());
    }
    count("retry", channel);
    log.info(
        "delivery {} attempt {} failed, will retry{}: {}",
        id,
        attempt,
        failure.retryAfter() == null ? "" : " after " + failure.retryAfter().toMillis() + " ms",
        failure.getMessage());
    return deliveries
        .markUnsent(
            id,
            DeliveryStatus.DELIVERY_STATUS_RETRYING,
            failure.getMessage(),
            failure.retryAfter(),
            failure.maybeAccepted())
        .compose(v -> Future.failedFuture(failure));
  }

  /** Records a final failure and tells the relay not to retry. */
  private Future<Void> fail(UUID id, DeliveryStatus status, String error) {
    return deliveries
        .markUnsent(id, status, error, null, false)
        .compose(
            v ->
                Future.failedFuture(
                    new PermanentFailure("delivery " + id + " " + status + ": " + error, null)));
  }
}
