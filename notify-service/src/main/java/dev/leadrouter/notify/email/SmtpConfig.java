package dev.leadrouter.notify.email;

import dev.leadrouter.runtime.config.Settings;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Locale;

/**
 * The SMTP server notification emails go through, and the sender identity.
 *
 * @param host {@code NOTIFY_SMTP_HOST}, default {@code localhost}
 * @param port {@code NOTIFY_SMTP_PORT}, default 25
 * @param username {@code NOTIFY_SMTP_USERNAME}; unset = no SMTP AUTH
 * @param password {@code NOTIFY_SMTP_PASSWORD}
 * @param startTls {@code NOTIFY_SMTP_STARTTLS}: DISABLED, OPTIONAL (default: upgrade when offered) or REQUIRED
 * @param ssl {@code NOTIFY_SMTP_SSL}: TLS from the first byte (port 465 style), default false
 * @param from {@code NOTIFY_MAIL_FROM}, default {@code leadrouter <leads@localhost>}
 * @param replyTo {@code NOTIFY_MAIL_REPLY_TO}, optional
 */
public record SmtpConfig(String host, int port, String username, String password, StartTLSOptions startTls,
    boolean ssl, String from, String replyTo) {

  public static SmtpConfig from(Settings s) {
    String startTls = s.string("NOTIFY_SMTP_STARTTLS", "OPTIONAL").toUpperCase(Locale.ROOT);
    StartTLSOptions tls;
    try {
      tls = StartTLSOptions.valueOf(startTls);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Setting NOTIFY_SMTP_STARTTLS must be DISABLED, OPTIONAL or REQUIRED, got '" + startTls + "'");
    }
    return new SmtpConfig(
        s.string("NOTIFY_SMTP_HOST", "localhost"),
        s.integer("NOTIFY_SMTP_PORT", 25),
        s.optional("NOTIFY_SMTP_USERNAME"),
        s.optional("NOTIFY_SMTP_PASSWORD"),
        tls,
        s.bool("NOTIFY_SMTP_SSL", false),
        s.string("NOTIFY_MAIL_FROM", "leadrouter <leads@localhost>"),
        s.optional("NOTIFY_MAIL_REPLY_TO"));
  }

  /** Options for vertx-mail-client. */
  public MailConfig mailConfig() {
    MailConfig config = new MailConfig()
        .setHostname(host)
        .setPort(port)
        .setStarttls(startTls)
        .setSsl(ssl)
        // Pooled connections are reused across deliveries; a connection the server dropped fails one
        // send, which the relay retries.
        .setKeepAlive(true)
        .setMaxPoolSize(8);
    // Keep a send well inside the relay's delivery timeout, so a hung server fails the attempt
    // instead of the relay giving up on a send that may still complete.
    config.setConnectTimeout(10_000);
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
    return "smtp://" + host + ":" + port + " starttls=" + startTls + " ssl=" + ssl + " auth=" + (username != null);
  }
}
