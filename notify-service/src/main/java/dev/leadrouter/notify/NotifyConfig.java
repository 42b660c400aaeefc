package dev.leadrouter.notify;

import dev.leadrouter.notify.delivery.RetrySchedule;
import dev.leadrouter.notify.email.SmtpConfig;
import dev.leadrouter.notify.http.HttpConfig;
import dev.leadrouter.notify.preference.ChannelPolicy;
import dev.leadrouter.notify.preference.ChannelPreferences;
import dev.leadrouter.notify.slack.SlackConfig;
import dev.leadrouter.notify.sms.TwilioConfig;
import dev.leadrouter.notify.webhook.WebhookConfig;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.host.EndpointConfig;
import dev.leadrouter.runtime.outbox.RelayOptions;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.NotificationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything notify-service reads from its environment.
 *
 * <ul>
 *   <li>{@code NOTIFY_GRPC_PORT} (9103), {@code NOTIFY_HTTP_PORT} (8103), {@code
 *       LEADROUTER_BIND_HOST}, ... see {@link EndpointConfig#from}
 *   <li>{@code LEADROUTER_DB_URL} (required), {@code NOTIFY_DB_POOL_SIZE} (8); the service owns
 *       schema {@code notify}
 *   <li>{@code LEADROUTER_OUTBOX_*}: how the delivery relay polls and leases, see {@link
 *       RelayOptions#from}
 *   <li>{@code NOTIFY_SMTP_*}, {@code NOTIFY_MAIL_FROM}, {@code NOTIFY_MAIL_REPLY_TO}: see {@link
 *       SmtpConfig#from}
 *   <li>{@code NOTIFY_SLACK_*}: see {@link SlackConfig}; {@code NOTIFY_TWILIO_*}, {@code
 *       NOTIFY_SMS_RATE}: see {@link TwilioConfig}; {@code NOTIFY_WEBHOOK_*}: see {@link
 *       WebhookConfig}; {@code NOTIFY_HTTP_TIMEOUT}, {@code NOTIFY_MAX_RETRY_AFTER}: see {@link
 *       HttpConfig}
 *   <li>{@code NOTIFY_CHANNELS_DEFAULT} ({@code EMAIL}) and {@code NOTIFY_CHANNELS_<KIND>} (e.g.
 *       {@code NOTIFY_CHANNELS_SLA_WARNING=SMS,EMAIL}): channels when neither request nor rep
 *       chose, see {@link ChannelPolicy}
 *   <li>{@code NOTIFY_TEMPLATES_DIR}: folder of template overrides, see {@code content.Templates}
 *   <li>{@code LEADROUTER_ACK_SECRET} (optional, shared with sla-service), {@code
 *       NOTIFY_ACK_BASE_URL} (required with the secret: sla-service's public address), {@code
 *       NOTIFY_ACK_TTL} (7d): the "I'm on it" link
 *   <li>{@code NOTIFY_RETRY_HORIZON} (24h), {@code NOTIFY_RETRY_INITIAL} (1s), {@code
 *       NOTIFY_RETRY_MAX_INTERVAL} (30m), {@code NOTIFY_MAX_ATTEMPTS} (unset = no cap): how long
 *       and how often a transiently failing delivery is retried, see {@code RetrySchedule}
 *   <li>{@code NOTIFY_PAUSE_PROBE_INTERVAL} (1m): how often a channel paused for refused
 *       credentials is probed, see {@code ChannelPauses}
 *   <li>{@code NOTIFY_PUBLIC_BASE_URL}: notify's public address (Gateway), for Twilio status
 *       callbacks and inbound messages
 *   <li>{@code NOTIFY_MAX_RATE_WAIT} (1s): longest a message waits in-process for its endpoint's
 *       rate limit before it is handed back to the relay
 * </ul>
 */
public record NotifyConfig(
    EndpointConfig endpoints,
    DatabaseConfig database,
    RelayOptions relay,
    SmtpConfig smtp,
    SlackConfig slack,
    TwilioConfig sms,
    WebhookConfig webhook,
    HttpConfig http,
    ChannelPolicy channels,
    Path templatesDir,
    String ackSecret,
    String ackBaseUrl,
    Duration ackTtl,
    RetrySchedule retries,
    Duration pauseProbeInterval,
    Duration maxRateWait) {

  public static final String SCHEMA = "notify";

  public static NotifyConfig from(Settings settings) {
    int maxAttempts = settings.integer("NOTIFY_MAX_ATTEMPTS", 0);
    if (maxAttempts < 0) {
      throw new IllegalStateException(
          "Setting NOTIFY_MAX_ATTEMPTS must be at least 1 (or unset), got " + maxAttempts);
    }
    RetrySchedule retries;
    try {
      retries =
          new RetrySchedule(
              settings.duration("NOTIFY_RETRY_INITIAL", Duration.ofSeconds(1)),
              settings.duration("NOTIFY_RETRY_MAX_INTERVAL", Duration.ofMinutes(30)),
              settings.duration("NOTIFY_RETRY_HORIZON", Duration.ofHours(24)),
              maxAttempts,
              Math::random);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Settings NOTIFY_RETRY_*: " + e.getMessage());
    }
    RelayOptions relay = RelayOptions.from(settings);
    HttpConfig http = HttpConfig.from(settings);
    Duration maxRateWait = settings.duration("NOTIFY_MAX_RATE_WAIT", Duration.ofSeconds(1));
    // A send (and an SMS look-up before it) must end well inside the relay's delivery timeout, or
    // the
    // relay would offer the row again while the first send is still running.
    if (http.timeout().multipliedBy(2).plus(maxRateWait).compareTo(relay.deliveryTimeout()) >= 0) {
      throw new IllegalStateException(
          "NOTIFY_HTTP_TIMEOUT x 2 + NOTIFY_MAX_RATE_WAIT must be shorter than half of "
              + "LEADROUTER_OUTBOX_LEASE ("
              + relay.lease()
              + ")");
    }
    WebhookConfig webhook = WebhookConfig.from(settings);
    String templates = settings.optional("NOTIFY_TEMPLATES_DIR");
    if (templates != null && !Files.isDirectory(Path.of(templates))) {
      throw new IllegalStateException(
          "Setting NOTIFY_TEMPLATES_DIR must be a folder, got '" + templates + "'");
    }
    String ackSecret = settings.optional("LEADROUTER_ACK_SECRET");
    if (ackSecret != null && ackSecret.length() < 16) {
      throw new IllegalStateException(
          "Setting LEADROUTER_ACK_SECRET must be at least 16 characters");
    }
    String ackBaseUrl = settings.optional("NOTIFY_ACK_BASE_URL");
    if (ackSecret != null && ackBaseUrl == null) {
      // A default (localhost) would send every rep a link that cannot work outside a laptop.
      throw new IllegalStateException(
          "Setting NOTIFY_ACK_BASE_URL (sla-service's public address, e.g. "
              + "https://leads.example.com) is required with LEADROUTER_ACK_SECRET");
    }
    return new NotifyConfig(
        EndpointConfig.from(settings, "NOTIFY", 9103, 8103),
        DatabaseConfig.from(settings, SCHEMA, "NOTIFY"),
        relay,
        SmtpConfig.from(settings),
        SlackConfig.from(settings),
        TwilioConfig.from(settings),
        webhook,
        http,
        channelPolicy(settings, webhook),
        templates == null ? null : Path.of(templates),
        ackSecret,
        ackBaseUrl,
        settings.duration("NOTIFY_ACK_TTL", Duration.ofDays(7)),
        retries,
        settings.duration("NOTIFY_PAUSE_PROBE_INTERVAL", Duration.ofMinutes(1)),
        maxRateWait);
  }

  private static ChannelPolicy channelPolicy(Settings settings, WebhookConfig webhook) {
    Map<NotificationKind, List<Channel>> byKind = new EnumMap<>(NotificationKind.class);
    for (NotificationKind kind : NotificationKind.values()) {
      if (kind == NotificationKind.NOTIFICATION_KIND_UNSPECIFIED
          || kind == NotificationKind.UNRECOGNIZED) {
        continue;
      }
      String name = "NOTIFY_CHANNELS_" + kind.name().substring("NOTIFICATION_KIND_".length());
      String value = settings.optional(name);
      if (value != null) {
        byKind.put(kind, channels(name, value));
      }
    }
    List<Channel> fallback =
        channels("NOTIFY_CHANNELS_DEFAULT", settings.string("NOTIFY_CHANNELS_DEFAULT", "EMAIL"));
    return new ChannelPolicy(byKind, fallback, webhook.configured() ? webhook.kinds() : List.of());
  }

  private static List<Channel> channels(String name, String value) {
    List<Channel> channels = ChannelPreferences.channels(value.toLowerCase(Locale.ROOT));
    if (channels.isEmpty()) {
      throw new IllegalStateException(
          "Setting " + name + " must list channels such as EMAIL,SLACK, got '" + value + "'");
    }
    return channels;
  }
}
