package dev.leadrouter.notify.webhook;

import dev.leadrouter.notify.delivery.ChannelSender;
import dev.leadrouter.notify.delivery.Outgoing;
import dev.leadrouter.notify.delivery.SendFailure;
import dev.leadrouter.notify.delivery.SendReceipt;
import dev.leadrouter.notify.email.EmailSender;
import dev.leadrouter.notify.http.HttpSend;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.Optional;

/**
 * Posts each event to {@code NOTIFY_WEBHOOK_URL} as JSON, signed per the Standard Webhooks
 * specification ({@link StandardWebhookSignature}): {@code webhook-id} (the delivery id, the same
 * on every retry, so receivers can drop repeats), {@code webhook-timestamp} (unix seconds of this
 * attempt; receivers refuse stale ones) and {@code webhook-signature}, under {@code
 * NOTIFY_WEBHOOK_SECRET} and, during a rotation, {@code NOTIFY_WEBHOOK_SECRET_PREVIOUS} too. A 2xx
 * is success; 401/403 mean the receiver refuses our signature (a secret out of step), which pauses
 * the channel instead of failing every event.
 */
public final class WebhookSender implements ChannelSender {
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  private final WebClient client;
  private final HttpSend http;
  private final WebhookConfig config;
  private final StandardWebhookSignature signature;
  private final Clock clock;

  public WebhookSender(
      WebClient client,
      HttpSend http,
      WebhookConfig config,
      StandardWebhookSignature signature,
      Clock clock) {
    this.client = client;
    this.http = http;
    this.config = config;
    this.signature = signature;
    this.clock = clock;
  }

  @Override
  public Optional<Endpoint> endpointOfAll() {
    return Optional.of(new Endpoint("webhook:" + config.host(), config.rate(), "webhook"));
  }

  @Override
  public Future<SendReceipt> send(Outgoing m) {
    Buffer body =
        WebhookEvent.of(m.deliveryId(), m.request(), m.view().recipientIndex()).toBuffer();
    String id = "msg_" + m.deliveryId();
    long timestamp = clock.instant().getEpochSecond();
    return http.call(
            "webhook",
            client
                .postAbs(config.url())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "leadrouter-notify")
                .putHeader(EmailSender.DELIVERY_ID_HEADER, m.deliveryId().toString())
                .putHeader("X-Leadrouter-Event", m.request().getKind().name())
                .putHeader(ID_HEADER, id)
                .putHeader(TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(SIGNATURE_HEADER, signature.sign(id, timestamp, body.getBytes())),
            r -> r.sendBuffer(body),
            r -> "",
            r ->
                r.statusCode() == 401 || r.statusCode() == 403
                    ? SendFailure.credentialsRefused(
                        "webhook answered HTTP " + r.statusCode() + ": our signature is refused")
                    : null)
        .map(r -> SendReceipt.NONE);
  }
}
