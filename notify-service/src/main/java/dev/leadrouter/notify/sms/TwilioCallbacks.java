package dev.leadrouter.notify.sms;

import dev.leadrouter.notify.delivery.DeliveryRepository;
import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.host.DeclaredRoutes;
import dev.leadrouter.v1.DeliveryStatus;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's calls to us, on notify's HTTP port, each verified by {@code X-Twilio-Signature} (the
 * only authentication Twilio offers; an unsigned or mis-signed request gets 403 and changes
 * nothing):
 *
 * <ul>
 *   <li>{@code POST /v1/twilio/status}: a message's status callback. {@code delivered} marks the
 *       delivery DELIVERED, {@code undelivered}/{@code failed} UNDELIVERED with the carrier's error
 *       code (30003 unreachable, 30007 filtered...), so a message the carrier dropped does not stay
 *       SENT; error 21610 also suppresses the number.
 *   <li>{@code POST /v1/twilio/inbound}: a reply to our sender. STOP (and Twilio's other opt-out
 *       words) suppresses the number, START/UNSTOP lifts it. Set it as the number's (or Messaging
 *       Service's) incoming message webhook.
 * </ul>
 *
 * <p>Signatures are computed over the public URL Twilio called ({@code NOTIFY_PUBLIC_BASE_URL} +
 * path), not the pod's own address.
 */
public final class TwilioCallbacks {
  private static final Logger log = LoggerFactory.getLogger(TwilioCallbacks.class);
  private static final Set<String> OPT_OUT =
      Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE");
  private static final Set<String> OPT_IN = Set.of("START", "UNSTOP", "YES", "OPTIN");
  private static final int MAX_BODY = 16 * 1024;

  private final TwilioSignature signature;
  private final String statusUrl;
  private final String inboundUrl;
  private final DeliveryRepository deliveries;
  private final SmsSuppressions suppressions;

  public TwilioCallbacks(
      TwilioConfig config, DeliveryRepository deliveries, SmsSuppressions suppressions) {
    this.signature = new TwilioSignature(config.authToken());
    this.statusUrl = config.statusCallbackUrl();
    this.inboundUrl =
        statusUrl.substring(0, statusUrl.length() - TwilioConfig.STATUS_PATH.length())
            + TwilioConfig.INBOUND_PATH;
    this.deliveries = deliveries;
    this.suppressions = suppressions;
  }

  /** Both routes carry Twilio's X-Twilio-Signature, checked here before anything is read. */
  public void mount(DeclaredRoutes routes) {
    routes
        .route(HttpMethod.POST, TwilioConfig.STATUS_PATH, Access.signed())
        .handler(BodyHandler.create().setBodyLimit(MAX_BODY))
        .handler(ctx -> verified(ctx, statusUrl, this::status));
    routes
        .route(HttpMethod.POST, TwilioConfig.INBOUND_PATH, Access.signed())
        .handler(BodyHandler.create().setBodyLimit(MAX_BODY))
        .handler(ctx -> verified(ctx, inboundUrl, this::inbound));
  }

  private void verified(
      RoutingContext ctx,
      String url,
      java.util.function.BiConsumer<RoutingContext, MultiMap> then) {
    MultiMap form = ctx.request().formAttributes();
    String query = ctx.request().query();
    String signedUrl = query == null ? url : url + "?" + query;
    if (!signature.verify(signedUrl, asMap(form), ctx.request().getHeader("X-Twilio-Signature"))) {
      log.warn(
          "Twilio callback {} refused: bad or missing X-Twilio-Signature", ctx.request().path());
      problem(ctx, 403, "X-Twilio-Signature does not match this request");
      return;
    }
    then.accept(ctx, form);
  }

  private void status(RoutingContext ctx, MultiMap form) {
    String sid = form.get("MessageSid");
    String status = form.get("MessageStatus");
    if (sid == null || !sid.matches("[A-Za-z0-9]{2,64}") || status == null) {
      problem(ctx, 400, "MessageSid and MessageStatus are required");
      return;
    }
    String code = form.get("ErrorCode");
    String safeCode = code != null && code.matches("\\d{1,6}") ? code : null;
    DeliveryStatus outcome =
        switch (status.toLowerCase(Locale.ROOT)) {
          case "delivered" -> DeliveryStatus.DELIVERY_STATUS_DELIVERED;
          case "undelivered", "failed" -> DeliveryStatus.DELIVERY_STATUS_UNDELIVERED;
          default -> null; // queued, sending, sent, accepted...: nothing new for us
        };
    if (outcome == null) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    String error =
        outcome == DeliveryStatus.DELIVERY_STATUS_DELIVERED
            ? null
            : "carrier reported " + status + (safeCode == null ? "" : ", error " + safeCode);
    String to = form.get("To");
    io.vertx.core.Future<Void> suppress =
        String.valueOf(TwilioSender.UNSUBSCRIBED).equals(safeCode) && to != null
            ? suppressions.add(to, "carrier " + TwilioSender.UNSUBSCRIBED)
            : io.vertx.core.Future.succeededFuture();
    suppress
        .compose(v -> deliveries.markCarrierOutcome(sid, outcome, error))
        .onSuccess(
            changed -> {
              log.info(
                  "SMS {} status {}: delivery {}", sid, status, changed ? "updated" : "unchanged");
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(
            e -> {
              log.warn("SMS {} status {} not recorded", sid, status, e);
              problem(ctx, 503, "cannot record the status now");
            });
  }

  private void inbound(RoutingContext ctx, MultiMap form) {
    String from = form.get("From");
    String body = form.get("Body") == null ? "" : form.get("Body").strip().toUpperCase(Locale.ROOT);
    io.vertx.core.Future<Void> done = io.vertx.core.Future.succeededFuture();
    if (from != null && OPT_OUT.contains(body)) {
      done = suppressions.add(from, "stop reply");
      log.info("SMS opt-out received; number suppressed");
    } else if (from != null && OPT_IN.contains(body)) {
      done = suppressions.remove(from);
      log.info("SMS opt-in received; number no longer suppressed");
    }
    done.onSuccess(
            v ->
                ctx.response()
                    .putHeader("Content-Type", "text/xml")
                    .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"))
        .onFailure(e -> problem(ctx, 503, "cannot record the reply now"));
  }

  private static Map<String, List<String>> asMap(MultiMap form) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : form.names()) {
      out.put(name, form.getAll(name));
    }
    return out;
  }

  private static void problem(RoutingContext ctx, int status, String detail) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(
            new io.vertx.core.json.JsonObject()
                .put("type", "about:blank")
                .put(
                    "title",
                    status == 403
                        ? "Forbidden"
                        : status == 503 ? "Service Unavailable" : "Bad Request")
                .put("status", status)
                .put("detail", detail)
                .encode());
  }
}
