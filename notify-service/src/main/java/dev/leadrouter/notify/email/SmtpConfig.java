package dev.leadrouter.notify.email;

import dev.leadrouter.notify.ratelimit.RateLimit;
import dev.leadrouter.notify.ratelimit.RateSettings;
import dev.leadrouter.runtime.config.Settings;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMTP server notification emails go through, and the sender identity.
 *
 * @param host {@code NOTIFY_SMTP_HOST}, default {@code localhost}
 * @param port {@code NOTIFY_SMTP_PORT}, default 25
 * @param username {@code NOTIFY_SMTP_USERNAME}; unset = no SMTP AUTH
 * @param password {@code NOTIFY_SMTP_PASSWORD}
 * @param startTls {@code NOTIFY_SMTP_STARTTLS}: DISABLED, OPTIONAL (default: upgrade when offered)
 *     or REQUIRED
 * @param ssl {@code NOTIFY_SMTP_SSL}: TLS from the first byte (port 465 style), default false
 * @param from {@code NOTIFY_MAIL_FROM}, default {@code leadrouter <leads@localhost>}
 * @param replyTo {@code NOTIFY_MAIL_REPLY_TO}, optional
 * @param rateLimit {@code NOTIFY_SMTP_RATE} messages per second, shared by all replicas (0 =
 *     unlimited, the default)
 * @param ownHostname {@code NOTIFY_SMTP_OWN_HOSTNAME}: the name we give in EHLO and Message-IDs;
 *     default the domain of {@code NOTIFY_MAIL_FROM} (not the pod's name, which strict relays
 *     refuse with 504 5.5.2)
 * @param readTimeout {@code NOTIFY_SMTP_READ_TIMEOUT}, default 10s: a relay silent this long
 *     mid-conversation fails the attempt (retried) instead of holding the connection
 * @param idleTimeout {@code NOTIFY_SMTP_IDLE_TIMEOUT}, default 20s: how long a pooled connection
 *     may sit idle before this side says QUIT. It must be shorter than the server's own idle
 *     timeout: a server that times a connection out first sends an unsolicited "421 ... timeout" on
 *     it, which vertx-mail-client can only log as an ERROR ("dropping reply arriving after we
 *     stopped processing the buffer") although nothing was lost. GreenMail (the dev mailbox, tests)
 *     times out after 30 s; Postfix after 300 s, some providers after less.
 * @param connections {@code NOTIFY_SMTP_CONNECTIONS}, default 32: SMTP connections each replica
 *     keeps open and sends on at once. A message takes several round trips, and on a busy machine
 *     each round trip waits for a CPU: in the system benchmark at 150 leads/s, 8 connections left
 *     emails waiting p50 6 s, 16 p50 265 ms, 32 p50 101 ms. Lower it for a relay that limits
 *     connections per client.
 *     <p>Start-up refuses settings that would fail every send or leak the password: a username
 *     without a password, AUTH over a connection that is never encrypted (STARTTLS DISABLED and no
 *     SSL; allow it for a local relay with {@code NOTIFY_SMTP_ALLOW_PLAINTEXT_AUTH=true}), and
 *     malformed from/reply-to.
 */
public record SmtpConfig(
    String host,
    int port,
    String username,
    String password,
    StartTLSOptions startTls,
    boolean ssl,
    String from,
    String replyTo,
    RateLimit rateLimit,
    Duration idleTimeout,
    String ownHostname,
    Duration readTimeout,
    int connections) {
  private static final Pattern NAMED_ADDRESS =
      Pattern.compile("^(?:[^<>\\r\\n]*<([^<>]+)>|([^<>\\s]+))$");

  public static SmtpConfig from(Settings s) {
    String startTls = s.string("NOTIFY_SMTP_STARTTLS", "OPTIONAL").toUpperCase(Locale.ROOT);
    StartTLSOptions tls;
    try {
      tls = StartTLSOptions.valueOf(startTls);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Setting NOTIFY_SMTP_STARTTLS must be DISABLED, OPTIONAL or REQUIRED, got '"
              + startTls
              + "'");
    }
    String username = s.optional("NOTIFY_SMTP_USERNAME");
    String password = s.optional("NOTIFY_SMTP_PASSWORD");
    boolean ssl = s.bool("NOTIFY_SMTP_SSL", false);
    if (username != null && password == null) {
      throw new IllegalStateException(
          "Setting NOTIFY_SMTP_PASSWORD is required when NOTIFY_SMTP_USERNAME is set");
    }
    if (username != null
        && tls == StartTLSOptions.DISABLED
        && !ssl
        && !s.bool("NOTIFY_SMTP_ALLOW_PLAINTEXT_AUTH", false)) {
      throw new IllegalStateException(
          "SMTP AUTH with NOTIFY_SMTP_STARTTLS=DISABLED and NOTIFY_SMTP_SSL=false would send "
              + "the password unencrypted; enable STARTTLS or SSL, or set NOTIFY_SMTP_ALLOW_PLAINTEXT_AUTH=true");
    }
    String from = s.string("NOTIFY_MAIL_FROM", "leadrouter <leads@localhost>");
    String replyTo = s.optional("NOTIFY_MAIL_REPLY_TO");
    requireMailbox("NOTIFY_MAIL_FROM", from);
    if (replyTo != null) {
      requireMailbox("NOTIFY_MAIL_REPLY_TO", replyTo);
    }
    return new SmtpConfig(
        s.string("NOTIFY_SMTP_HOST", "localhost"),
        s.integer("NOTIFY_SMTP_PORT", 25),
        username,
        password,
        tls,
        ssl,
        from,
        replyTo,
        new RateLimit(RateSettings.perSecond(s, "NOTIFY_SMTP_RATE", 0), 10),
        idleTimeout(s),
        ownHostname(s, from),
        s.duration("NOTIFY_SMTP_READ_TIMEOUT", Duration.ofSeconds(10)),
        connections(s));
  }

  private static int connections(Settings s) {
    int connections = s.integer("NOTIFY_SMTP_CONNECTIONS", 32);
    if (connections < 1 || connections > 256) {
      throw new IllegalStateException(
          "Setting NOTIFY_SMTP_CONNECTIONS must be 1 to 256, got " + connections);
    }
    return connections;
  }

  private static Duration idleTimeout(Settings s) {
    Duration idle = s.duration("NOTIFY_SMTP_IDLE_TIMEOUT", Duration.ofSeconds(20));
    if (idle.isNegative() || idle.isZero()) {
      throw new IllegalStateException(
          "Setting NOTIFY_SMTP_IDLE_TIMEOUT must be positive, got " + idle);
    }
    return idle;
  }

  private static String ownHostname(Settings s, String from) {
    String configured = s.optional("NOTIFY_SMTP_OWN_HOSTNAME");
    if (configured != null) {
      if (!configured.matches(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
        throw new IllegalStateException(
            "Setting NOTIFY_SMTP_OWN_HOSTNAME must be a host name, got '" + configured + "'");
      }
      return configured;
    }
    Matcher m = NAMED_ADDRESS.matcher(from.strip());
    String address = m.matches() ? (m.group(1) != null ? m.group(1) : m.group(2)) : "";
    String domain = address.substring(address.indexOf('@') + 1);
    // leads@localhost (the dev default) leaves the mail client's own choice.
    return domain.isEmpty() || domain.equals("localhost") ? null : domain;
  }

  /**
   * {@code addr@host} or {@code Name <addr@host>}; the default's {@code leads@localhost} is allowed
   * for dev.
   */
  private static void requireMailbox(String setting, String value) {
    Matcher m = NAMED_ADDRESS.matcher(value.strip());
    String address = m.matches() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    boolean ok =
        address != null
            && (EmailAddresses.isValid(address) || address.matches("[A-Za-z0-9._%+-]+@localhost"));
    if (!ok || value.contains("\r") || value.contains("\n")) {
      throw new IllegalStateException(
          "Setting "
              + setting
              + " must be an address like leads@example.com or "
              + "'Leads <leads@example.com>', got '"
              + value
              + "'");
    }
  }

  /** Options for vertx-mail-client. */
  public MailConfig mailConfig() {
    MailConfig config =
        new MailConfig()
            .setHostname(host)
            .setPort(port)
            .setStarttls(startTls)
            .setSsl(ssl)
            // Pooled connections are reused across deliveries; a connection the server dropped
            // fails one
            // send, which the relay retries.
            .setKeepAlive(true)
            .setMaxPoolSize(connections)
            // Close idle pooled connections ourselves, before the server times them out (see
            // idleTimeout); the cleaner runs often enough to catch them in time.
            .setKeepAliveTimeout((int) idleTimeout.toMillis())
            .setKeepAliveTimeoutUnit(TimeUnit.MILLISECONDS)
            .setPoolCleanerPeriod((int) Math.max(100, Math.min(1000, idleTimeout.toMillis() / 4)))
            .setPoolCleanerPeriodUnit(TimeUnit.MILLISECONDS);
    // Keep a send well inside the relay's delivery timeout, so a hung server fails the attempt
    // instead of the relay giving up on a send that may still complete.
    config.setConnectTimeout(10_000);
    config.setIdleTimeout((int) readTimeout.toMillis());
    config.setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    if (ownHostname != null) {
      config.setOwnHostname(ownHostname);
    }
    if (username != null) {
      config.setLogin(LoginOption.REQUIRED).setUsername(username).setPassword(password);
    } else {
      config.setLogin(LoginOption.NONE);
    }
    return config;
  }

  @Override
  public String toString() {
    // Never print the password: configuration is logged at start-up.
    return "smtp://"
        + host
        + ":"
        + port
        + " starttls="
        + startTls
        + " ssl="
        + ssl
        + " auth="
        + (username != null)
        + " ehlo="
        + ownHostname;
  }
}
