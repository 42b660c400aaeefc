package dev.leadrouter.notify.delivery;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.notify.content.AckLinks;
import dev.leadrouter.notify.content.NotificationView;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxMessage;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import dev.leadrouter.runtime.outbox.RetryLater;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import io.micrometer.core.instrument.MeterRegistry;
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
 *   <li>At least once: the relay may offer a delivery again, so one already in a final state (SENT,
 *       FAILED, DEAD_LETTER, DELIVERED, UNDELIVERED) is acknowledged without sending. Leases keep
 *       replicas off each other's rows.
 *   <li>Retry-After: an offer before the provider's requested time is handed back without calling
 *       out and without counting an attempt, to come back at that time ({@link RetryLater}).
 *   <li>Rate limits: shared by every replica ({@link SharedRateLimiter}); a message waits for its
 *       endpoint's token when that takes at most {@code maxRateWait}, else it is handed back.
 *   <li>Paused channels: when the provider refuses our credentials ({@link
 *       SendFailure#credentialsRefused}) the channel is paused ({@link ChannelPauses}): its
 *       deliveries are held, not failed, one probe per interval tests the credential, and the first
 *       success resumes the channel.
 *   <li>Unknown outcomes: after a timeout or 5xx, or when a replica died mid-send (status still
 *       SENDING), the sender is asked whether the provider took the message before it is sent
 *       again.
 *   <li>Failures: permanent ones (SMTP 5xx, HTTP 4xx) mark the delivery FAILED at once; transient
 *       ones RETRYING on the {@link RetrySchedule} (hours, with backoff) and DEAD_LETTER after its
 *       horizon. Both final states fail with {@link PermanentFailure} so the relay parks the row.
 * </ul>
 *
 * <p>Logs name delivery ids only: addresses and lead data are personal data.
 */
public final class DeliveryHandler implements OutboxHandler {
  private static final Logger log = LoggerFactory.getLogger(DeliveryHandler.class);

  /** What a handler needs besides its channel's sender; shared by every channel. */
  public record Collaborators(
      Vertx vertx,
      DeliveryRepository deliveries,
      AckLinks ackLinks,
      SharedRateLimiter rateLimiter,
      ChannelPauses pauses,
      Duration maxRateWait,
      RetrySchedule retries,
      Clock clock,
      MeterRegistry registry) {}

  private final Collaborators with;
  private final DeliveryRepository deliveries;
  private final ChannelSender sender;
  private final String topic;

  public DeliveryHandler(Collaborators with, ChannelSender sender, String topic) {
    this.with = with;
    this.deliveries = with.deliveries();
    this.sender = sender;
    this.topic = topic;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    UUID id;
    try {
      id = UUID.fromString(message.key());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new PermanentFailure("outbox key is not a delivery id", null));
    }
    Optional<ChannelSender.Endpoint> endpoint = sender.endpointOfAll();
    if (endpoint.isPresent() && mayStartAtOnce(endpoint.get())) {
      // The common case, one statement instead of a read and then the attempt's start; whatever
      // the claim does not take (already sent, held by Retry-After, gone) is read as below.
      return deliveries
          .claim(id, with.clock().instant())
          .compose(
              claimed ->
                  claimed.isPresent() ? started(claimed.get(), endpoint.get()) : readThenSend(id));
    }
    return readThenSend(id);
  }

  /** No check stands between reading the delivery and sending it: no rate limit, no pause seen. */
  private boolean mayStartAtOnce(ChannelSender.Endpoint endpoint) {
    return endpoint.limit().unlimited()
        && (endpoint.credential() == null || !with.pauses().seenPaused(endpoint.credential()));
  }

  /** A delivery whose attempt {@link DeliveryRepository#claim} started: it goes out now. */
  private Future<Void> started(SendableDelivery d, ChannelSender.Endpoint endpoint) {
    Outgoing outgoing;
    try {
      outgoing = outgoingOf(d);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return unreadable(d, e);
    }
    return sendStarted(
        d,
        outgoing,
        endpoint,
        false,
        new DeliveryRepository.Attempt(d.attempts(), d.firstAttemptAt()));
  }

  private Future<Void> readThenSend(UUID id) {
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
                case DELIVERY_STATUS_PENDING, DELIVERY_STATUS_RETRYING, DELIVERY_STATUS_SENDING ->
                    prepare(d);
                default -> {
                  log.info("delivery {} already {}, not sending again", id, d.status());
                  yield Future.succeededFuture();
                }
              };
            });
  }

  private Future<Void> prepare(SendableDelivery d) {
    Instant now = with.clock().instant();
    if (d.notBefore() != null && now.isBefore(d.notBefore())) {
      return Future.failedFuture(
          new RetryLater(
              "delivery " + d.id() + " waits for the provider's Retry-After",
              Duration.between(now, d.notBefore())));
    }
    Outgoing outgoing;
    try {
      outgoing = outgoingOf(d);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return unreadable(d, e);
    }
    ChannelSender.Endpoint endpoint = sender.endpointOf(outgoing);
    return passPause(d, endpoint)
        .compose(probe -> passRateLimit(d, endpoint).map(probe))
        .compose(probe -> attempt(d, outgoing, endpoint, probe));
  }

  private Outgoing outgoingOf(SendableDelivery d) throws InvalidProtocolBufferException {
    NotifyRequest request = NotifyRequest.parseFrom(d.request());
    String ackUrl = with.ackLinks().linkFor(request, d.recipientIndex());
    return new Outgoing(
        d.id(),
        d.address(),
        new NotificationView(request, d.recipientIndex(), ackUrl),
        d.firstAttemptAt());
  }

  private Future<Void> unreadable(SendableDelivery d, Exception e) {
    // Reading the same stored bytes will fail the same way next time.
    log.error("delivery {} cannot be read: {}", d.id(), e.getClass().getSimpleName());
    return fail(
        d.id(),
        DeliveryStatus.DELIVERY_STATUS_FAILED,
        "cannot read request: " + e.getClass().getSimpleName());
  }

  /**
   * Succeeds when the delivery may go out: true when it goes as the probe of a paused channel.
   * Fails with {@link RetryLater} while the channel is paused and another delivery has the probe.
   */
  private Future<Boolean> passPause(SendableDelivery d, ChannelSender.Endpoint endpoint) {
    String credential = endpoint.credential();
    if (credential == null || !with.pauses().seenPaused(credential)) {
      return Future.succeededFuture(false);
    }
    return with.pauses()
        .probeAt(credential)
        .compose(
            probeAt -> {
              if (probeAt.isEmpty()) {
                return Future.succeededFuture(false);
              }
              Instant now = with.clock().instant();
              if (now.isBefore(probeAt.get())) {
                return held(d, credential, Duration.between(now, probeAt.get()));
              }
              return with.pauses()
                  .claimProbe(credential)
                  .compose(
                      claimed -> {
                        if (claimed) {
                          log.info("delivery {} probes paused channel {}", d.id(), credential);
                          return Future.succeededFuture(true);
                        }
                        return held(d, credential, with.pauses().probeInterval());
                      });
            });
  }

  private Future<Boolean> held(SendableDelivery d, String credential, Duration wait) {
    return Future.failedFuture(
        new RetryLater(
            "delivery " + d.id() + " held: channel " + credential + " is paused",
            wait.plusMillis(200)));
  }

  private Future<Void> passRateLimit(SendableDelivery d, ChannelSender.Endpoint endpoint) {
    return with.rateLimiter()
        .tryReserve(endpoint.key(), endpoint.limit(), with.maxRateWait())
        .compose(
            wait -> {
              if (wait == null) {
                return Future.failedFuture(
                    new RetryLater(
                        "delivery " + d.id() + " waits for the rate limit of " + endpoint.key(),
                        with.maxRateWait()));
              }
              if (wait.isZero()) {
                return Future.succeededFuture();
              }
              Promise<Void> waited = Promise.promise();
              with.vertx().setTimer(Math.max(1, wait.toMillis()), t -> waited.complete());
              return waited.future();
            });
  }

  private Future<Void> attempt(
      SendableDelivery d, Outgoing outgoing, ChannelSender.Endpoint endpoint, boolean probe) {
    return deliveries
        .markSending(d.id())
        .compose(
            started ->
                started.isEmpty()
                    // Another replica finished it between our read and now.
                    ? Future.succeededFuture()
                    : sendStarted(d, outgoing, endpoint, probe, started.get()));
  }

  /** Sends an attempt that has started (the delivery is SENDING) and records how it ended. */
  private Future<Void> sendStarted(
      SendableDelivery d,
      Outgoing outgoing,
      ChannelSender.Endpoint endpoint,
      boolean probe,
      DeliveryRepository.Attempt started) {
    // A delivery found SENDING was being sent by a replica that died (its lease expired): that send
    // may have reached the provider, exactly like a timeout.
    boolean uncertain = d.outcomeUnknown() || d.status() == DeliveryStatus.DELIVERY_STATUS_SENDING;
    int attempt = started.number();
    Outgoing o = outgoing.withFirstAttemptAt(started.firstAttemptAt());
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
            Future<Void> resumed = probe ? resume(endpoint.credential()) : Future.succeededFuture();
            return resumed.compose(v -> deliveries.markSent(d.id(), ar.result().providerRef()));
          }
          return failed(d.id(), d.channel(), endpoint, started, ar.cause());
        });
  }

  private Future<Void> resume(String credential) {
    return with.pauses()
        .resume(credential, topic)
        .map(
            wasPaused -> {
              if (wasPaused) {
                log.warn(
                    "channel {} resumed: the provider accepted our credentials again {}",
                    credential,
                    kv("channel_state", "resumed"));
              }
              return null;
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
                e instanceof SendFailure f && f.permanent()
                    ? Future.failedFuture(f)
                    : Future.failedFuture(
                        SendFailure.outcomeUnknown(
                            "cannot tell whether an earlier attempt was accepted: "
                                + e.getMessage())))
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

  private void count(String outcome, Channel channel) {
    if (with.registry() != null) {
      with.registry()
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

  private Future<Void> failed(
      UUID id,
      Channel channel,
      ChannelSender.Endpoint endpoint,
      DeliveryRepository.Attempt attempt,
      Throwable cause) {
    SendFailure failure =
        cause instanceof SendFailure f
            ? f
            : SendFailure.outcomeUnknown("unexpected " + cause.getClass().getSimpleName());
    if (failure.credentialsRefused() && endpoint.credential() != null) {
      return hold(id, channel, endpoint.credential(), failure);
    }
    if (failure.skipped()) {
      log.info("delivery {} skipped: {}", id, failure.getMessage());
      count("skipped", channel);
      return deliveries.markUnsent(
          id, DeliveryStatus.DELIVERY_STATUS_SKIPPED, failure.getMessage(), null, false);
    }
    if (failure.permanent() || failure.credentialsRefused()) {
      log.warn("delivery {} refused: {}", id, failure.getMessage());
      count("failed", channel);
      return fail(id, DeliveryStatus.DELIVERY_STATUS_FAILED, failure.getMessage());
    }
    Duration delay =
        with.retries()
            .nextDelay(attempt.number(), attempt.firstAttemptAt(), with.clock().instant());
    if (delay == null) {
      log.warn(
          "delivery {} dead-lettered after {} attempts: {}",
          id,
          attempt.number(),
          failure.getMessage());
      count("dead_letter", channel);
      return fail(id, DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER, failure.getMessage());
    }
    if (failure.retryAfter() != null && failure.retryAfter().compareTo(delay) > 0) {
      delay = failure.retryAfter();
    }
    count("retry", channel);
    log.info(
        "delivery {} attempt {} failed, will retry in {} ms: {}",
        id,
        attempt.number(),
        delay.toMillis(),
        failure.getMessage());
    Duration next = delay;
    return deliveries
        .markUnsent(
            id,
            DeliveryStatus.DELIVERY_STATUS_RETRYING,
            failure.getMessage(),
            failure.retryAfter(),
            failure.maybeAccepted())
        .compose(v -> Future.failedFuture(new RetryLater(failure.getMessage(), next)));
  }

  /** The provider refused our credentials: pause the channel, keep the delivery for later. */
  private Future<Void> hold(UUID id, Channel channel, String credential, SendFailure failure) {
    count("held", channel);
    return with.pauses()
        .pause(credential, failure.getMessage())
        .compose(
            newlyPaused -> {
              if (newlyPaused) {
                // The alert is the gauge; this line is what the on-call engineer greps for.
                log.error(
                    "channel {} paused, deliveries held until a probe succeeds: {} {}",
                    credential,
                    failure.getMessage(),
                    kv("channel_state", "paused"));
              }
              return deliveries.markUnsent(
                  id,
                  DeliveryStatus.DELIVERY_STATUS_RETRYING,
                  "held, channel " + credential + " paused: " + failure.getMessage(),
                  null,
                  failure.maybeAccepted());
            })
        .compose(
            v ->
                Future.failedFuture(
                    new RetryLater(
                        "delivery " + id + " held: channel " + credential + " is paused",
                        with.pauses().probeInterval().plusMillis(200))));
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
