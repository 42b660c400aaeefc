package dev.leadrouter.notify.slack;

import dev.leadrouter.notify.ratelimit.RateLimit;
import dev.leadrouter.notify.ratelimit.RateSettings;
import dev.leadrouter.runtime.config.Settings;

/**
 * How notify-service reaches Slack. Both secrets come from a Kubernetes Secret and are never
 * logged.
 *
 * @param webhookUrl {@code NOTIFY_SLACK_WEBHOOK_URL}: the deployment's incoming webhook (posts to
 *     one channel, mentioning the rep); optional
 * @param botToken {@code NOTIFY_SLACK_BOT_TOKEN}: {@code xoxb-...} bot token for {@code
 *     chat.postMessage} direct messages to the rep's Slack member id (scope {@code chat:write});
 *     optional
 * @param apiBase {@code NOTIFY_SLACK_API_BASE}, default {@code https://slack.com/api}
 * @param webhookRate {@code NOTIFY_SLACK_WEBHOOK_RATE}, default 1 message per second per webhook
 *     (Slack's documented limit for incoming webhooks)
 * @param channelRate {@code NOTIFY_SLACK_CHANNEL_RATE}, default 1 message per second per channel
 *     ({@code chat.postMessage}'s limit per channel)
 * @param webhookHosts {@code NOTIFY_SLACK_WEBHOOK_HOSTS}, default {@code hooks.slack.com}: the only
 *     hosts a rep's own webhook URL may point at (https only; {@code http} only for a listed
 *     loopback host, for tests)
 */
public record SlackConfig(
    String webhookUrl,
    String botToken,
    String apiBase,
    RateLimit webhookRate,
    RateLimit channelRate,
    java.util.Set<String> webhookHosts) {

  public static SlackConfig from(Settings s) {
    String webhook = s.optional("NOTIFY_SLACK_WEBHOOK_URL");
    String token = s.optional("NOTIFY_SLACK_BOT_TOKEN");
    if (webhook != null
        && !webhook.startsWith("https://")
        && !webhook.startsWith("http://127.0.0.1")
        && !webhook.startsWith("http://localhost")) {
      throw new IllegalStateException("Setting NOTIFY_SLACK_WEBHOOK_URL must be an https URL");
    }
    String base = s.string("NOTIFY_SLACK_API_BASE", "https://slack.com/api");
    return new SlackConfig(
        webhook,
        token,
        base.endsWith("/") ? base.substring(0, base.length() - 1) : base,
        new RateLimit(RateSettings.perSecond(s, "NOTIFY_SLACK_WEBHOOK_RATE", 1), 1),
        new RateLimit(RateSettings.perSecond(s, "NOTIFY_SLACK_CHANNEL_RATE", 1), 3),
        hosts(s.string("NOTIFY_SLACK_WEBHOOK_HOSTS", "hooks.slack.com")));
  }

  private static java.util.Set<String> hosts(String list) {
    java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
    for (String h : list.split(",")) {
      if (!h.isBlank()) {
        hosts.add(h.strip().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return java.util.Set.copyOf(hosts);
  }

  /**
   * Whether a rep's webhook URL may be called: https on an allowed host, default port, no user
   * info; plain http only for an allowed loopback host (local test servers).
   */
  public boolean allowsWebhook(String url) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(java.util.Locale.ROOT);
    if (host == null || uri.getUserInfo() != null || !webhookHosts.contains(host)) {
      return false;
    }
    boolean loopback = host.equals("127.0.0.1") || host.equals("localhost");
    return "https".equals(uri.getScheme())
        ? uri.getPort() == -1 || uri.getPort() == 443 || loopback
        : "http".equals(uri.getScheme()) && loopback;
  }

  public boolean hasBot() {
    return botToken != null;
  }

  public boolean hasWebhook() {
    return webhookUrl != null;
  }

  @Override
  public String toString() {
    return "slack bot=" + hasBot() + " webhook=" + hasWebhook() + " api=" + apiBase;
  }
}
