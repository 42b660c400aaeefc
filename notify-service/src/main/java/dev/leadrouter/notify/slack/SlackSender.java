package dev.leadrouter.notify.slack;

import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.notify.delivery.ChannelSender;
import dev.leadrouter.notify.delivery.Outgoing;
import dev.leadrouter.notify.delivery.SendFailure;
import dev.leadrouter.notify.delivery.SendReceipt;
import dev.leadrouter.notify.http.HttpSend;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Posts notifications to Slack, choosing per message:
 *
 * <ol>
 *   <li>the recipient's own incoming webhook ({@code Recipient.slack_webhook_url});
 *   <li>a direct message through {@code chat.postMessage} with the bot token ({@code Authorization:
 *       Bearer xoxb-...}, {@code channel} = the rep's Slack member id);
 *   <li>the deployment's incoming webhook, mentioning the rep.
 * </ol>
 *
 * {@code chat.postMessage} answers HTTP 200 even for errors: its {@code ok:false} body says why,
 * and {@link #TRANSIENT_ERRORS} are retried, {@link #CREDENTIAL_ERRORS} pause the channel (the
 * token is wrong for every message), every other error (channel_not_found, ...) is permanent. Slack
 * takes no idempotency key, so a timed-out post is simply retried (a rare duplicate).
 *
 * <p>A rep's own webhook URL is posted to only if it is https on a host of {@code
 * NOTIFY_SLACK_WEBHOOK_HOSTS} (default {@code hooks.slack.com}): the URL comes from rep data, and
 * an arbitrary one would let anyone who can edit a rep make notify call internal addresses (SSRF).
 */
public final class SlackSender implements ChannelSender {
  static final Set<String> TRANSIENT_ERRORS =
      Set.of(
          "ratelimited",
          "rate_limited",
          "internal_error",
          "fatal_error",
          "service_unavailable",
          "request_timeout",
          "team_added_to_org");

  /** chat.postMessage errors meaning the bot token itself is refused. */
  static final Set<String> CREDENTIAL_ERRORS =
      Set.of(
          "invalid_auth",
          "not_authed",
          "token_revoked",
          "token_expired",
          "account_inactive",
          "missing_scope",
          "no_permission");

  /** Incoming-webhook answers meaning the webhook itself is gone or refused. */
  static final Set<String> WEBHOOK_CREDENTIAL_ERRORS =
      Set.of("invalid_token", "no_service", "no_team", "team_disabled", "action_prohibited");

  /**
   * Address of a Slack delivery to a rep without a member id (webhook only): {@code rep:<rep id>}.
   */
  public static final String REP_ADDRESS_PREFIX = "rep:";

  private final WebClient client;
  private final HttpSend http;
  private final SlackConfig config;
  private final Templates templates;

  public SlackSender(WebClient client, HttpSend http, SlackConfig config, Templates templates) {
    this.client = client;
    this.http = http;
    this.config = config;
    this.templates = templates;
  }

  private enum Route {
    REP_WEBHOOK,
    BOT,
    DEPLOYMENT_WEBHOOK,
    NONE
  }

  private Route routeOf(Outgoing m) {
    if (!m.recipient().getSlackWebhookUrl().isBlank()) {
      return Route.REP_WEBHOOK;
    }
    if (config.hasBot() && isMemberId(m.address())) {
      return Route.BOT;
    }
    return config.hasWebhook() ? Route.DEPLOYMENT_WEBHOOK : Route.NONE;
  }

  @Override
  public Endpoint endpointOf(Outgoing m) {
    return switch (routeOf(m)) {
      // A rep's webhook is the rep's credential: its refusal fails that message, pauses nothing.
      case REP_WEBHOOK ->
          new Endpoint(
              "slack-webhook:" + fingerprint(m.recipient().getSlackWebhookUrl()),
              config.webhookRate(),
              null);
      case BOT -> new Endpoint("slack-channel:" + m.address(), config.channelRate(), "slack-bot");
      case DEPLOYMENT_WEBHOOK ->
          new Endpoint(
              "slack-webhook:" + fingerprint(config.webhookUrl()),
              config.webhookRate(),
              "slack-webhook");
      case NONE -> new Endpoint("slack-none", config.webhookRate(), null);
    };
  }

  @Override
  public Future<SendReceipt> send(Outgoing m) {
    Route route = routeOf(m);
    String mention =
        route == Route.DEPLOYMENT_WEBHOOK && isMemberId(m.address()) ? m.address() : null;
    SlackMessage message = SlackMessage.render(m.view(), templates, mention);
    JsonObject body =
        new JsonObject()
            .put("text", message.text())
            .put("blocks", message.blocks())
            .put("unfurl_links", false);
    return switch (route) {
      case REP_WEBHOOK ->
          config.allowsWebhook(m.recipient().getSlackWebhookUrl())
              ? webhook(m.recipient().getSlackWebhookUrl(), body)
              : Future.failedFuture(
                  SendFailure.permanent(
                      "Slack webhook URL refused: not https on an allowed host "
                          + "(NOTIFY_SLACK_WEBHOOK_HOSTS)"));
      case DEPLOYMENT_WEBHOOK -> webhook(config.webhookUrl(), body);
      case BOT -> postMessage(m.address(), body);
      case NONE -> Future.failedFuture(SendFailure.permanent("Slack is not configured"));
    };
  }

  private Future<SendReceipt> webhook(String url, JsonObject body) {
    return http.call(
            "Slack webhook",
            client.postAbs(url).putHeader("Content-Type", "application/json"),
            r -> r.sendBuffer(body.toBuffer()),
            HttpSend::errorCode,
            r ->
                WEBHOOK_CREDENTIAL_ERRORS.contains(HttpSend.errorCode(r))
                    ? SendFailure.credentialsRefused(
                        "Slack webhook answered HTTP "
                            + r.statusCode()
                            + ": "
                            + HttpSend.errorCode(r))
                    : null)
        .map(r -> SendReceipt.NONE);
  }

  private Future<SendReceipt> postMessage(String channel, JsonObject body) {
    body.put("channel", channel);
    return http.call(
            "Slack chat.postMessage",
            client
                .postAbs(config.apiBase() + "/chat.postMessage")
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .bearerTokenAuthentication(config.botToken()),
            r -> r.sendBuffer(body.toBuffer()),
            HttpSend::errorCode)
        .compose(
            r -> {
              JsonObject answer;
              try {
                answer = r.bodyAsJsonObject();
              } catch (RuntimeException e) {
                return Future.failedFuture(
                    SendFailure.outcomeUnknown("Slack chat.postMessage answered with no JSON"));
              }
              if (answer != null && answer.getBoolean("ok", false)) {
                return Future.succeededFuture(new SendReceipt(answer.getString("ts")));
              }
              String error =
                  answer == null ? "" : String.valueOf(answer.getString("error", "unknown_error"));
              String safe = error.matches("[a-z_]{1,64}") ? error : "unknown_error";
              String text = "Slack chat.postMessage error " + safe;
              if (CREDENTIAL_ERRORS.contains(safe)) {
                return Future.failedFuture(SendFailure.credentialsRefused(text));
              }
              return Future.failedFuture(
                  TRANSIENT_ERRORS.contains(safe)
                      ? SendFailure.transientFailure(text)
                      : SendFailure.permanent(text));
            });
  }

  /** Slack member ids look like U024BE7LH or W012A3CDE. */
  static boolean isMemberId(String address) {
    return address != null && address.matches("[UW][A-Z0-9]{2,20}");
  }

  /** Identifies a webhook in rate-limit keys without revealing it (its URL is the secret). */
  private static String fingerprint(String url) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
