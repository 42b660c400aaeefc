package dev.leadrouter.notify.webhook;

import dev.leadrouter.notify.preference.ChannelPreferences;
import dev.leadrouter.notify.ratelimit.RateLimit;
import dev.leadrouter.notify.ratelimit.RateSettings;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.v1.NotificationKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The outgoing webhook that logs notifications into a CRM or any tool.
 *
 * @param url {@code NOTIFY_WEBHOOK_URL}; null = no webhook
 * @param secrets {@code NOTIFY_WEBHOOK_SECRET} (required with a URL) and, while rotating, {@code
 *     NOTIFY_WEBHOOK_SECRET_PREVIOUS}: Standard Webhooks secrets ({@code whsec_<Base64 of 24-64
 *     bytes>}); every event is signed with each
 * @param kinds {@code NOTIFY_WEBHOOK_KINDS}: which events are posted, default {@code
 *     NEW_LEAD,REASSIGNMENT,ESCALATION}; a request naming CHANNEL_WEBHOOK posts whatever its kind
 * @param rate {@code NOTIFY_WEBHOOK_RATE}, default 20 requests per second per replica
 */
public record WebhookConfig(
    String url, List<String> secrets, List<NotificationKind> kinds, RateLimit rate) {

  // String.split drops trailing empty parts: a trailing comma in the setting is tolerated on
  // purpose.
  @SuppressWarnings("StringSplitter")
  public static WebhookConfig from(Settings s) {
    String url = s.optional("NOTIFY_WEBHOOK_URL");
    List<String> secrets = new ArrayList<>();
    for (String name : List.of("NOTIFY_WEBHOOK_SECRET", "NOTIFY_WEBHOOK_SECRET_PREVIOUS")) {
      String value = s.optional(name);
      if (value == null || value.isBlank()) {
        continue;
      }
      try {
        StandardWebhookSignature.decode(value.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("Setting " + name + ": " + e.getMessage());
      }
      secrets.add(value.strip());
    }
    List<NotificationKind> kinds = new ArrayList<>();
    for (String k :
        s.string("NOTIFY_WEBHOOK_KINDS", "NEW_LEAD,REASSIGNMENT,ESCALATION").split(",")) {
      kinds.add(
          ChannelPreferences.kind(k)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Setting NOTIFY_WEBHOOK_KINDS: unknown kind '" + k.strip() + "'")));
    }
    if (url != null) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "Setting NOTIFY_WEBHOOK_URL must be an absolute http(s) URL");
      }
      if (uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new IllegalStateException(
            "Setting NOTIFY_WEBHOOK_URL must be an absolute http(s) URL");
      }
      if (s.optional("NOTIFY_WEBHOOK_SECRET") == null) {
        throw new IllegalStateException(
            "Setting NOTIFY_WEBHOOK_SECRET (whsec_...) is required with NOTIFY_WEBHOOK_URL");
      }
    }
    return new WebhookConfig(
        url,
        List.copyOf(secrets),
        List.copyOf(kinds),
        new RateLimit(RateSettings.perSecond(s, "NOTIFY_WEBHOOK_RATE", 20), 20));
  }

  public boolean configured() {
    return url != null;
  }

  /** What a delivery shows as its address: the host, never the full URL (it may carry a token). */
  public String host() {
    return url == null ? null : URI.create(url).getHost();
  }

  @Override
  public String toString() {
    return "webhook " + (url == null ? "off" : host()) + " kinds " + kinds;
  }
}
