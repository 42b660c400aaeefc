package dev.leadrouter.notify.email;

import dev.leadrouter.notify.delivery.ChannelSender;
import dev.leadrouter.notify.delivery.Outgoing;
import dev.leadrouter.notify.delivery.SendReceipt;
import io.vertx.core.Future;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import java.util.List;
import java.util.Optional;

/**
 * Hands rendered emails to the configured SMTP server; failures come back as {@code SendFailure}.
 */
public final class EmailSender implements ChannelSender {
  /** Lets whoever reads the message (or a bounce) find the delivery without any personal data. */
  public static final String DELIVERY_ID_HEADER = "X-Leadrouter-Delivery-Id";

  private final MailClient client;
  private final SmtpConfig config;
  private final LeadEmailTemplate template;

  public EmailSender(MailClient client, SmtpConfig config, LeadEmailTemplate template) {
    this.client = client;
    this.config = config;
    this.template = template;
  }

  @Override
  public Optional<Endpoint> endpointOfAll() {
    return Optional.of(
        new Endpoint("smtp:" + config.host() + ":" + config.port(), config.rateLimit(), "smtp"));
  }

  @Override
  public Future<SendReceipt> send(Outgoing outgoing) {
    EmailContent content = template.render(outgoing.view());
    MailMessage message =
        new MailMessage()
            .setFrom(config.from())
            .setTo(List.of(outgoing.recipient().getEmail()))
            .setSubject(content.subject())
            .setText(content.text())
            .setHtml(content.html())
            .addHeader(DELIVERY_ID_HEADER, outgoing.deliveryId().toString())
            .addHeader("Message-ID", messageId(outgoing));
    if (config.replyTo() != null) {
      // MailMessage has no reply-to property; the header is set as configured (operator input,
      // checked at start-up).
      message.addHeader("Reply-To", config.replyTo());
    }
    Future<SendReceipt> sent;
    try {
      sent = client.sendMail(message).map(result -> new SendReceipt(result.getMessageID()));
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.recover(cause -> Future.failedFuture(SmtpFailures.of(cause)));
  }

  /**
   * One Message-ID per delivery, the same on every attempt. A copy sent again because its first
   * attempt's answer was lost (a timeout, or a crash between the server's 250 and our SENT mark)
   * then carries the first copy's id, and mail clients and mailbox providers that collapse one id
   * show the rep one message. A random id per attempt, the mail client's default, made each resend
   * a second email.
   */
  private String messageId(Outgoing outgoing) {
    String host = config.ownHostname() == null ? "localhost" : config.ownHostname();
    return "<" + outgoing.deliveryId() + "@" + host + ">";
  }

  public Future<Void> close() {
    return client.close();
  }
}
