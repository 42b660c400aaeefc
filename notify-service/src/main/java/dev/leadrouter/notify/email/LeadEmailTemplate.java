package dev.leadrouter.notify.email;

import dev.leadrouter.notify.content.NotificationView;
import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.PrecomposedMessage;
import java.util.Map;

/**
 * Renders the email of a notification for one recipient: subject, plain-text and HTML parts from
 * the {@code email/<kind>} templates, or the caller's precomposed message as is.
 *
 * <p>Every value comes from a web form or another system: the HTML part is escaped by the template
 * engine, and the subject is stripped of line breaks so nothing can reach another header.
 */
public final class LeadEmailTemplate {
  private static final int MAX_SUBJECT = 200;
  private final Templates templates;

  public LeadEmailTemplate(Templates templates) {
    this.templates = templates;
  }

  /** With the built-in templates. */
  public LeadEmailTemplate() {
    this(Templates.builtIn());
  }

  /** With the request's own ack link (tests, previews). */
  public EmailContent render(NotifyRequest request, int recipientIndex) {
    return render(new NotificationView(request, recipientIndex, request.getAckUrl()));
  }

  public EmailContent render(NotificationView view) {
    NotifyRequest request = view.request();
    if (request.hasMessage()) {
      PrecomposedMessage m = request.getMessage();
      return new EmailContent(
          subject(m.getSubject().isBlank() ? view.subjectPrefix() : m.getSubject()),
          m.getText(),
          m.getHtml().isBlank() ? null : m.getHtml());
    }
    Map<String, Object> model = view.model();
    return new EmailContent(
        subject(templates.render("email", request.getKind(), "subject", model)),
        templates.render("email", request.getKind(), "text", model),
        templates.render("email", request.getKind(), "html", model));
  }

  static String subject(String raw) {
    // Control characters (CR/LF above all) must never reach a header line.
    String subject = raw.replaceAll("\\p{Cntrl}+", " ").strip();
    return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 1) + "…";
  }
}
