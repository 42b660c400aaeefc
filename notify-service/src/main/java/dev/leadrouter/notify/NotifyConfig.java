package dev.leadrouter.notify;

import dev.leadrouter.notify.email.SmtpConfig;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.host.EndpointConfig;
import dev.leadrouter.runtime.outbox.RelayOptions;

/**
 * Everything notify-service reads from its environment.
 *
 * <ul>
 *   <li>{@code NOTIFY_GRPC_PORT} (9103), {@code NOTIFY_HTTP_PORT} (8103), {@code LEADROUTER_BIND_HOST}, ... see
 *       {@link EndpointConfig#from}
 *   <li>{@code LEADROUTER_DB_URL} (required), {@code NOTIFY_DB_POOL_SIZE} (8); the service owns schema {@code notify}
 *   <li>{@code LEADROUTER_OUTBOX_*}: how the delivery relay polls and leases, see {@link RelayOptions#from}
 *   <li>{@code NOTIFY_SMTP_*}, {@code NOTIFY_MAIL_FROM}, {@code NOTIFY_MAIL_REPLY_TO}: see {@link SmtpConfig#from}
 *   <li>{@code NOTIFY_MAX_ATTEMPTS} (20): send attempts before a transiently failing delivery is dead-lettered;
 *       with the relay's backoff (0.2 s doubling, capped at 30 s) 20 attempts span about seven minutes
 * </ul>
 */
public record NotifyConfig(EndpointConfig endpoints, DatabaseConfig database, RelayOptions relay, SmtpConfig smtp,
    int maxAttempts) {

  public static final String SCHEMA = "notify";

  public static NotifyConfig from(Settings settings) {
    int maxAttempts = settings.integer("NOTIFY_MAX_ATTEMPTS", 20);
    if (maxAttempts < 1) {
      throw new IllegalStateException("Setting NOTIFY_MAX_ATTEMPTS must be at least 1, got " + maxAttempts);
    }
    return new NotifyConfig(
        EndpointConfig.from(settings, "NOTIFY", 9103, 8103),
        DatabaseConfig.from(settings, SCHEMA, "NOTIFY"),
        RelayOptions.from(settings),
        SmtpConfig.from(settings),
        maxAttempts);
  }
}
