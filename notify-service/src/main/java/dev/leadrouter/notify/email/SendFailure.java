package dev.leadrouter.notify.email;

import io.vertx.ext.mail.SMTPException;

/**
 * Why an email was not accepted, in words safe for logs and the Delivery API (addresses redacted;
 * SMTP servers like to quote the recipient back).
 */
public final class SendFailure extends RuntimeException {
  private static final int MAX_MESSAGE = 500;
  private final boolean permanent;

  private SendFailure(String message, boolean permanent) {
    super(message, null, false, false);
    this.permanent = permanent;
  }

  /**
   * Classifies a mail client failure. A 5xx reply is the server's final word (unknown mailbox,
   * relaying denied, message refused); a 4xx reply or anything before a reply (connection refused,
   * timeout, TLS trouble) may well succeed later.
   */
  public static SendFailure of(Throwable cause) {
    if (cause instanceof SMTPException smtp) {
      // The reply text usually starts with the code itself ("550 5.1.1 ..."); show the code once.
      String reply = smtp.getReplyMessage() == null ? "" : smtp.getReplyMessage().strip();
      String code = Integer.toString(smtp.getReplyCode());
      String text = reply.startsWith(code) ? reply : (code + " " + reply).strip();
      return new SendFailure(safe("SMTP reply " + text), smtp.isPermanent());
    }
    String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
    return new SendFailure(safe("SMTP " + cause.getClass().getSimpleName() + detail), false);
  }

  /** True when retrying cannot help. */
  public boolean permanent() {
    return permanent;
  }

  private static String safe(String message) {
    String redacted = EmailAddresses.redact(message).replaceAll("\\p{Cntrl}+", " ").strip();
    return redacted.length() <= MAX_MESSAGE ? redacted : redacted.substring(0, MAX_MESSAGE);
  }
}
