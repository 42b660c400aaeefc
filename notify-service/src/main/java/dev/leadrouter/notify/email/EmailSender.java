package dev.leadrouter.notify.email;

import io.vertx.core.Future;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import java.util.List;

/** Hands rendered emails to the configured SMTP server; failures come back as {@link SendFailure}. */
public final class EmailSender {
  /** Lets whoever reads the message (or a bounce) find the delivery without any personal data. */
  public static final String DELIVERY_ID_HEADER = "X-Leadrouter-Delivery-Id";

  private final MailClient client;
  private final SmtpConfig config;

  public EmailSender(MailClient client, SmtpConfig config) {
    this.client = client;
    this.config = config;
  }

  /** Completes once the SMTP server accepted the message for delivery. */
  public Future<Void> send(String deliveryId, String to, EmailContent content) {
    MailMessage message = new MailMessage()
        .setFrom(config.from())
        .setTo(List.of(to))
        .setSubject(content.subject())
        .setText(content.text())
        .setHtml(content.html())
        .addHeader(DELIVERY_ID_HEADER, deliveryId);
    if (config.replyTo() != null) {
      // MailMessage has no reply-to property; the header is set as configured (operator input, not caller input).
      message.addHeader("Reply-To", config.replyTo());
    }
    Future<Void> sent;
    try {
      sent = client.sendMail(message).mapEmpty();
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.recover(cause -> Future.failedFuture(SendFailure.of(cause)));
  }

  public Future<Void> close() {
    return client.close();
  }
}
