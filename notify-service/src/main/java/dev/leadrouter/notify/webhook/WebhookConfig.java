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
 * @param secret {@code NOTIFY_WEBHOOK_SECRET} (at least 16 characters, required with a URL): the
 *     HMAC-SHA256 key of the {@code X-Leadrouter-Signature} header
 * @param kinds {@code NOTIFY_WEBHOOK_KINDS}: which events are posted, default {@code
 *     NEW_LEAD,REASSIGNMENT,ESCALATION}; a request naming CHANNEL_WEBHOOK posts whatever its kind
 * @param rate {@code NOTIFY_WEBHOOK_RATE}, default 20 requests per second per replica
 */
public record WebhookConfig(
    String url, String secret, List<NotificationKind> kinds, RateLimit rate) {

  // String.split drops trailing empty parts: a trailing comma in the setting is tolerated on
  // purpose.
  @SuppressWarnings("StringSplitter")
  public static WebhookConfig from(Settings s) {
    String url = s.optional("NOTIFY_WEBHOOK_URL");
    String secret = s.optional("NOTIFY_WEBHOOK_SECRET");
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
      if (secret == null || secret.length() < 16) {
        throw new IllegalStateException(
            "Setting NOTIFY_WEBHOOK_SECRET (at least 16 characters) is required with "
                + "NOTIFY_WEBHOOK_URL");
      }
    }
    return new WebhookConfig(
        url,
        secret,
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
