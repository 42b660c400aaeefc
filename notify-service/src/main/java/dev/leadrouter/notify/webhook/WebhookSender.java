package dev.leadrouter.notify.webhook;

import dev.leadrouter.notify.delivery.ChannelSender;
import dev.leadrouter.notify.delivery.Outgoing;
import dev.leadrouter.notify.delivery.SendReceipt;
import dev.leadrouter.notify.email.EmailSender;
import dev.leadrouter.notify.http.HttpSend;
import dev.leadrouter.runtime.auth.HmacSignature;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;

/**
 * Posts each event to {@code NOTIFY_WEBHOOK_URL} as JSON, signed: {@code X-Leadrouter-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">} under {@code NOTIFY_WEBHOOK_SECRET}
 * ({@link HmacSignature}; receivers verify it and refuse stale timestamps). A 2xx is success; the
 * same event may arrive twice after a timeout, with the same {@code X-Leadrouter-Delivery-Id}.
 */
public final class WebhookSender implements ChannelSender {
  public static final String SIGNATURE_HEADER = "X-Leadrouter-Signature";

  private final WebClient client;
  private final HttpSend http;
  private final WebhookConfig config;
  private final HmacSignature signature;

  public WebhookSender(
      WebClient client, HttpSend http, WebhookConfig config, HmacSignature signature) {
    this.client = client;
    this.http = http;
    this.config = config;
    this.signature = signature;
  }

  @Override
  public Endpoint endpointOf(Outgoing m) {
    return new Endpoint("webhook:" + config.host(), config.rate());
  }

  @Override
  public Future<SendReceipt> send(Outgoing m) {
    Buffer body =
        WebhookEvent.of(m.deliveryId(), m.request(), m.view().recipientIndex()).toBuffer();
    return http.call(
            "webhook",
            client
                .postAbs(config.url())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "leadrouter-notify")
                .putHeader(EmailSender.DELIVERY_ID_HEADER, m.deliveryId().toString())
                .putHeader("X-Leadrouter-Event", m.request().getKind().name())
                .putHeader(SIGNATURE_HEADER, signature.sign(body.getBytes())),
            r -> r.sendBuffer(body),
            r -> "")
        .map(r -> SendReceipt.NONE);
  }
}
