package dev.leadrouter.notify.sms;

import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.notify.delivery.ChannelSender;
import dev.leadrouter.notify.delivery.Outgoing;
import dev.leadrouter.notify.delivery.SendFailure;
import dev.leadrouter.notify.delivery.SendReceipt;
import dev.leadrouter.notify.http.HttpSend;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

/**
 * Sends SMS through a Twilio-compatible API: {@code POST
 * {base}/2010-04-01/Accounts/{sid}/Messages.json}, form-encoded {@code To}, {@code From}, {@code
 * Body}, HTTP Basic auth {@code sid:token}.
 *
 * <p>The API takes no idempotency key, so after an attempt whose outcome is unknown (timeout, 5xx,
 * a replica dying mid-send) {@link #findAccepted} lists the messages sent to the number from our
 * sender ({@code GET .../Messages.json?To=&From=&PageSize=50}, newest first) and looks for the
 * delivery marker in their bodies. No {@code DateSent} filter: a message still queued at the
 * provider has no send date yet and would be missed; {@code date_created} is compared instead. A
 * 429 never needs the check: the request was refused.
 *
 * <p>A number on the suppression list is never sent to; a 21610 answer (unsubscribed) puts it
 * there. A 401 means our account SID or token is refused: the channel is paused, not the message
 * failed. With a public base URL every message asks for status callbacks ({@code StatusCallback}),
 * so carrier failures after acceptance show as UNDELIVERED.
 */
public final class TwilioSender implements ChannelSender {
  private static final Set<String> NOT_SENT = Set.of("failed", "canceled");
  private static final int PAGE_SIZE = 50;

  private final WebClient client;
  private final HttpSend http;
  private final TwilioConfig config;
  private final Templates templates;
  private final SmsSuppressions suppressions;

  /** Twilio's "the recipient unsubscribed from this sender" error. */
  static final int UNSUBSCRIBED = 21610;

  public TwilioSender(
      WebClient client,
      HttpSend http,
      TwilioConfig config,
      Templates templates,
      SmsSuppressions suppressions) {
    this.client = client;
    this.http = http;
    this.config = config;
    this.templates = templates;
    this.suppressions = suppressions;
  }

  @Override
  public Optional<Endpoint> endpointOfAll() {
    return Optional.of(new Endpoint("sms-from:" + config.sender(), config.rate(), "twilio"));
  }

  @Override
  public Future<SendReceipt> send(Outgoing m) {
    return suppressions
        .contains(m.address())
        .compose(
            suppressed ->
                suppressed
                    ? Future.failedFuture(
                        SendFailure.permanent(
                            "recipient unsubscribed from SMS (suppression list), not sent"))
                    : post(m));
  }

  private Future<SendReceipt> post(Outgoing m) {
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add("To", m.address())
            .add("Body", SmsText.render(m.view(), templates, m.marker()));
    if (config.messagingServiceSid() != null) {
      form.add("MessagingServiceSid", config.messagingServiceSid());
    } else {
      form.add("From", config.from());
    }
    if (config.statusCallbackUrl() != null) {
      form.add("StatusCallback", config.statusCallbackUrl());
    }
    return http.call(
            "SMS API",
            client
                .postAbs(config.messagesUrl())
                .basicAuthentication(config.accountSid(), config.authToken()),
            r -> r.sendForm(form),
            TwilioSender::errorDetail,
            TwilioSender::refine)
        .map(r -> new SendReceipt(sid(r)))
        .recover(
            e ->
                e instanceof SendFailure f && f.getMessage().contains("code " + UNSUBSCRIBED)
                    ? suppressions
                        .add(m.address(), "carrier " + UNSUBSCRIBED)
                        .transform(v -> Future.failedFuture(f))
                    : Future.failedFuture(e));
  }

  /** 401: our credentials are refused (every message would fail): pause, not fail. */
  private static SendFailure refine(HttpResponse<Buffer> r) {
    return r.statusCode() == 401
        ? SendFailure.credentialsRefused("SMS API answered HTTP 401: " + errorDetail(r))
        : null;
  }

  @Override
  public Future<Optional<SendReceipt>> findAccepted(Outgoing m) {
    return http.call(
            "SMS API look-up",
            client
                .getAbs(config.messagesUrl())
                .basicAuthentication(config.accountSid(), config.authToken())
                .addQueryParam("To", m.address())
                .addQueryParam("PageSize", Integer.toString(PAGE_SIZE)),
            // A Messaging Service picks the sender itself: filter by From only when it is ours.
            r -> config.from() == null ? r.send() : r.addQueryParam("From", config.from()).send(),
            TwilioSender::errorDetail,
            TwilioSender::refine)
        .map(r -> match(r.bodyAsJsonObject(), m.marker(), m.firstAttemptAt()));
  }

  static Optional<SendReceipt> match(JsonObject page, String marker, Instant since) {
    JsonArray messages = page == null ? null : page.getJsonArray("messages");
    if (messages == null) {
      throw SendFailure.outcomeUnknown("SMS API look-up answered without a message list");
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonObject msg = messages.getJsonObject(i);
      String body = msg.getString("body", "");
      if (!body.contains("[" + marker + "]") || NOT_SENT.contains(msg.getString("status", ""))) {
        continue;
      }
      if (since != null && createdBefore(msg.getString("date_created"), since)) {
        continue;
      }
      return Optional.of(new SendReceipt(msg.getString("sid")));
    }
    return Optional.empty();
  }

  private static boolean createdBefore(String dateCreated, Instant since) {
    if (dateCreated == null) {
      return false;
    }
    try {
      // Twilio dates are RFC 2822 with one-second precision; allow a minute of clock difference.
      Instant created =
          ZonedDateTime.parse(dateCreated, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return created.isBefore(since.minusSeconds(60));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String sid(HttpResponse<Buffer> r) {
    try {
      JsonObject json = r.bodyAsJsonObject();
      return json == null ? null : json.getString("sid");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Twilio's error code and message, with phone numbers removed (the message often quotes the To
   * number).
   */
  static String errorDetail(HttpResponse<Buffer> r) {
    try {
      JsonObject json = r.bodyAsJsonObject();
      if (json == null) {
        return "";
      }
      String message =
          json.getString("message", "").replaceAll("\\+?\\d[\\d ()-]{5,}\\d", "<number>");
      return ("code " + json.getValue("code", "?") + " " + message).strip();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
