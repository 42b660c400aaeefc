package dev.leadrouter.notify.email;

import dev.leadrouter.notify.delivery.SendFailure;
import io.vertx.ext.mail.SMTPException;

/**
 * Classifies mail client failures; addresses are redacted because SMTP servers like to quote the
 * recipient back.
 */
final class SmtpFailures {
  private SmtpFailures() {}

  /**
   * 535 (credentials invalid), 534 (mechanism too weak) and 530 5.7.0 (authentication required)
   * mean our account is refused: the channel is misconfigured, not the message.
   */
  static boolean refusesCredentials(int code, String reply) {
    return code == 535 || code == 534 || (code == 530 && reply.contains("5.7."));
  }

  /**
   * A 5xx reply is the server's final word (unknown mailbox, relaying denied, message refused,
   * authentication failed); a 4xx reply or anything before a reply (connection refused, timeout,
   * TLS trouble) may well succeed later.
   */
  static SendFailure of(Throwable cause) {
    if (cause instanceof SMTPException smtp) {
      // The reply text usually starts with the code itself ("550 5.1.1 ..."); show the code once.
      String reply = smtp.getReplyMessage() == null ? "" : smtp.getReplyMessage().strip();
      String code = Integer.toString(smtp.getReplyCode());
      String text = reply.startsWith(code) ? reply : (code + " " + reply).strip();
      String message = EmailAddresses.redact("SMTP reply " + text);
      if (refusesCredentials(smtp.getReplyCode(), reply)) {
        return SendFailure.credentialsRefused(message);
      }
      return smtp.isPermanent()
          ? SendFailure.permanent(message)
          : SendFailure.transientFailure(message);
    }
    String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
    if (cause.getMessage() != null && cause.getMessage().matches("(?s).*\\b53[45]\\b.*")) {
      // The mail client reports a failed AUTH exchange as a plain exception quoting the reply.
      return SendFailure.credentialsRefused(
          EmailAddresses.redact("SMTP authentication refused" + detail));
    }
    // An SMTP server accepts a message only with its reply to the end of DATA; a lost connection
    // before that reply leaves a duplicate possible but rare, so it is retried like any transient
    // failure.
    return SendFailure.transientFailure(
        EmailAddresses.redact("SMTP " + cause.getClass().getSimpleName() + detail));
  }
}
