package dev.leadrouter.notify.sms;

import dev.leadrouter.notify.content.NotificationView;
import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.v1.NotifyRequest;

/**
 * The text of a notification SMS: the {@code sms/<kind>.text} template (or the precomposed
 * message's subject and text), whitespace collapsed, cut to fit, and ending in the delivery marker
 * ({@code [ref 1a2b3c4d]}) that lets a resend check find the provider's copy.
 */
public final class SmsText {
  /** Twilio's limit for one message body (it splits into segments itself). */
  static final int MAX_LENGTH = 1600;

  private SmsText() {}

  public static String render(NotificationView view, Templates templates, String marker) {
    NotifyRequest request = view.request();
    String text =
        request.hasMessage()
            ? (request.getMessage().getSubject() + "\n" + request.getMessage().getText()).strip()
            : templates.render("sms", request.getKind(), "text", view.model());
    String suffix = " [" + marker + "]";
    String body = text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    int room = MAX_LENGTH - suffix.length();
    if (body.length() > room) {
      body = body.substring(0, room - 1) + "…";
    }
    return body + suffix;
  }
}
