package dev.leadrouter.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.leadrouter.runtime.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A pooled SMTP connection left idle longer than the server allows: the server sends "421 ...
 * timeout" on it and hangs up. vertx-mail-client has no command waiting for that reply and logs
 * "ERROR SMTPConnection - dropping reply arriving after we stopped processing the buffer", an ERROR
 * that means nothing (the next email opens a new connection). Closing idle connections before the
 * server does ({@code NOTIFY_SMTP_IDLE_TIMEOUT}) keeps the log clean.
 */
class IdleSmtpConnectionTest {

  @Test
  void idlePooledConnectionsAreClosedBeforeTheServerTimesThemOut() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    int port = smtp.getSmtp().getPort();
    // a server that drops idle clients after 2 s (GreenMail's default is 30 s, Postfix's 300 s)
    smtp.getSmtp().setClientSocketTimeout(2000);
    Logger mailLog = (Logger) LoggerFactory.getLogger("io.vertx.ext.mail");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    mailLog.addAppender(lines);
    Vertx vertx = Vertx.vertx();
    try {
      SmtpConfig config =
          SmtpConfig.from(
              new Settings(
                  Map.of(
                      "NOTIFY_SMTP_HOST", "127.0.0.1",
                      "NOTIFY_SMTP_PORT", String.valueOf(port),
                      "NOTIFY_SMTP_STARTTLS", "DISABLED",
                      "NOTIFY_SMTP_IDLE_TIMEOUT", "500ms")));
      MailClient client = MailClient.create(vertx, config.mailConfig());
      send(client, "first");
      // The stimulus is time itself: stay idle past the server's 2 s timeout. This sleep stays on
      // purpose: GreenMail's idle timeout runs on the wall clock, and when the client behaves
      // (closes
      // first) there is no event that says "the server would have timed out by now" to wait for.
      // Without the fix the 421 and the ERROR come at 2 s; the second send then opens a new
      // connection either way.
      Thread.sleep(3000);
      send(client, "second");
      assertThat(smtp.getReceivedMessages()).hasSize(2);
      assertThat(lines.list)
          .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .extracting(ILoggingEvent::getFormattedMessage)
          .isEmpty();
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      mailLog.detachAppender(lines);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      smtp.stop();
    }
  }

  private static void send(MailClient client, String subject) throws Exception {
    Future<?> sent =
        client.sendMail(
            new MailMessage()
                .setFrom("leads@localhost")
                .setTo("ana@sales.example")
                .setSubject(subject)
                .setText("hello"));
    sent.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
