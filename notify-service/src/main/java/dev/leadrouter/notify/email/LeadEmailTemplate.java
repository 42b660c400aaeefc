package dev.leadrouter.notify.email;

import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Campaign;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.Money;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.SourceChannel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the email about a lead for one recipient of a NotifyRequest: what happened, who the lead
 * is, where they came from, why this rep got them and by when to respond.
 *
 * <p>Every value comes from a web form or another system, so all of it is HTML-escaped, and the
 * subject is stripped of line breaks. Plain Java on purpose: easy to unit test, nothing to block on.
 */
public final class LeadEmailTemplate {
  private static final DateTimeFormatter DEADLINE =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.ENGLISH);
  private static final int MAX_SUBJECT = 200;

  private record Field(String label, String value) {}

  public EmailContent render(NotifyRequest request, int recipientIndex) {
    Recipient recipient = request.getRecipients(recipientIndex);
    Lead lead = request.getLead();
    String name = leadName(lead);
    String company = lead.getCompany().getName();
    String subject = subject(request.getKind(), name + (company.isBlank() ? "" : ", " + company));
    String headline = headline(request.getKind(), recipient.getRole());
    String greeting = recipient.getDisplayName().isBlank() ? "Hello," : "Hi " + recipient.getDisplayName() + ",";
    String deadline = request.hasSlaDeadline() ? deadline(request, recipient) : null;
    List<Field> leadFields = leadFields(lead, name);
    List<Field> routingFields = routingFields(request.getAssignment());
    String ackUrl = request.getAckUrl();
    return new EmailContent(subject,
        text(greeting, headline, deadline, leadFields, routingFields, lead.getInquiryText(), ackUrl),
        html(greeting, headline, deadline, leadFields, routingFields, lead.getInquiryText(), ackUrl));
  }

  private static String subject(NotificationKind kind, String who) {
    String prefix = switch (kind) {
      case NOTIFICATION_KIND_SLA_WARNING -> "Respond soon";
      case NOTIFICATION_KIND_ESCALATION -> "Escalated lead";
      case NOTIFICATION_KIND_REASSIGNMENT -> "Reassigned lead";
      case NOTIFICATION_KIND_REPEAT_ACTIVITY -> "Lead active again";
      default -> "New lead";
    };
    // Control characters (CR/LF above all) must never reach a header line.
    String subject = (prefix + ": " + who).replaceAll("\\p{Cntrl}+", " ").strip();
    return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 1) + "…";
  }

  private static String headline(NotificationKind kind, RecipientRole role) {
    return switch (kind) {
      case NOTIFICATION_KIND_SLA_WARNING -> "The first-touch deadline for this lead is approaching.";
      case NOTIFICATION_KIND_ESCALATION -> "The first-touch deadline for this lead was missed, so it was escalated.";
      case NOTIFICATION_KIND_REASSIGNMENT -> role == RecipientRole.RECIPIENT_ROLE_PREVIOUS_OWNER
          ? "This lead was moved from you to another rep."
          : "This lead was reassigned to you.";
      case NOTIFICATION_KIND_REPEAT_ACTIVITY -> "A lead you own got in touch again.";
      default -> "A new lead was assigned to you.";
    };
  }

  static String leadName(Lead lead) {
    String name = (lead.getContact().getFirstName() + " " + lead.getContact().getLastName()).strip();
    if (!name.isEmpty()) {
      return name;
    }
    return lead.getContact().getEmail().isBlank() ? "Unnamed lead" : lead.getContact().getEmail();
  }

  private static List<Field> leadFields(Lead lead, String name) {
    List<Field> f = new ArrayList<>();
    add(f, "Name", name);
    add(f, "Title", lead.getContact().getTitle());
    add(f, "Company", lead.getCompany().getName());
    add(f, "Email", lead.getContact().getEmail());
    add(f, "Phone", lead.getContact().getPhone());
    add(f, "Location", location(lead.getLocation()));
    add(f, "Interested in", String.join(", ", lead.getProductInterestsList()));
    add(f, "Deal value", lead.hasDealValue() ? money(lead.getDealValue()) : "");
    if (lead.getScore() > 0) {
      add(f, "Score", Integer.toString(lead.getScore()));
    }
    add(f, "Source", source(lead));
    Campaign c = lead.getSource().getCampaign();
    add(f, "Campaign", !c.getName().isBlank() ? c.getName() : c.getUtmCampaign());
    add(f, "UTM", utm(c));
    return f;
  }

  private static List<Field> routingFields(Assignment a) {
    List<Field> f = new ArrayList<>();
    add(f, "Why you", a.getReason());
    add(f, "Rule", a.getCatchAll() ? "catch-all (no rule matched)" : a.getRuleId());
    add(f, "Queue", a.getQueueId());
    return f;
  }

  private static String deadline(NotifyRequest request, Recipient recipient) {
    ZoneId zone = ZoneId.of(recipient.getTimeZone().isBlank() ? "UTC" : recipient.getTimeZone());
    Instant at = Instant.ofEpochSecond(request.getSlaDeadline().getSeconds(), request.getSlaDeadline().getNanos());
    return DEADLINE.format(at.atZone(zone));
  }

  private static String location(Location l) {
    List<String> parts = new ArrayList<>();
    for (String p : new String[] {l.getCity(), l.getRegionCode(), l.getCountryCode()}) {
      if (!p.isBlank()) {
        parts.add(p);
      }
    }
    return String.join(", ", parts);
  }

  static String money(Money m) {
    BigDecimal amount = BigDecimal.valueOf(m.getUnits()).add(BigDecimal.valueOf(m.getNanos(), 9))
        .setScale(2, RoundingMode.HALF_EVEN);
    return String.format(Locale.ENGLISH, "%,.2f %s", amount, m.getCurrencyCode()).strip();
  }

  private static String source(Lead lead) {
    SourceChannel channel = lead.getSource().getChannel();
    String kind = channel == SourceChannel.SOURCE_CHANNEL_UNSPECIFIED || channel == SourceChannel.UNRECOGNIZED ? ""
        : channel.name().substring("SOURCE_CHANNEL_".length()).toLowerCase(Locale.ROOT).replace('_', ' ');
    String id = lead.getSource().getSourceId();
    return kind.isEmpty() ? id : id.isEmpty() ? kind : kind + " (" + id + ")";
  }

  private static String utm(Campaign c) {
    List<String> parts = new ArrayList<>();
    if (!c.getUtmSource().isBlank()) {
      parts.add("source=" + c.getUtmSource());
    }
    if (!c.getUtmMedium().isBlank()) {
      parts.add("medium=" + c.getUtmMedium());
    }
    if (!c.getUtmCampaign().isBlank()) {
      parts.add("campaign=" + c.getUtmCampaign());
    }
    return String.join(", ", parts);
  }

  private static void add(List<Field> fields, String label, String value) {
    if (value != null && !value.isBlank()) {
      fields.add(new Field(label, value.strip()));
    }
  }

  private static String text(String greeting, String headline, String deadline, List<Field> lead,
      List<Field> routing, String inquiry, String ackUrl) {
    StringBuilder b = new StringBuilder();
    b.append(greeting).append("\n\n").append(headline).append("\n");
    if (deadline != null) {
      b.append("Respond by: ").append(deadline).append("\n");
    }
    b.append("\nLead\n");
    lead.forEach(f -> b.append("  ").append(f.label()).append(": ").append(f.value()).append("\n"));
    if (!inquiry.isBlank()) {
      b.append("\nTheir message\n  ").append(inquiry.strip().replace("\n", "\n  ")).append("\n");
    }
    if (!routing.isEmpty()) {
      b.append("\nRouting\n");
      routing.forEach(f -> b.append("  ").append(f.label()).append(": ").append(f.value()).append("\n"));
    }
    if (!ackUrl.isBlank()) {
      b.append("\nI'm on it: ").append(ackUrl).append("\n");
    }
    b.append("\n-- \nSent by leadrouter\n");
    return b.toString();
  }

  private static String html(String greeting, String headline, String deadline, List<Field> lead,
      List<Field> routing, String inquiry, String ackUrl) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n");
    b.append("<p>").append(escape(greeting)).append("</p>\n");
    b.append("<p><strong>").append(escape(headline)).append("</strong></p>\n");
    if (deadline != null) {
      b.append("<p>Respond by: <strong>").append(escape(deadline)).append("</strong></p>\n");
    }
    table(b, "Lead", lead);
    if (!inquiry.isBlank()) {
      b.append("<h3>Their message</h3>\n<p style=\"white-space:pre-wrap\">").append(escape(inquiry.strip())).append("</p>\n");
    }
    if (!routing.isEmpty()) {
      table(b, "Routing", routing);
    }
    if (!ackUrl.isBlank()) {
      b.append("<p><a href=\"").append(escape(ackUrl)).append("\">I'm on it</a></p>\n");
    }
    b.append("<p style=\"color:#888\">Sent by leadrouter</p>\n</body></html>\n");
    return b.toString();
  }

  private static void table(StringBuilder b, String title, List<Field> fields) {
    b.append("<h3>").append(escape(title)).append("</h3>\n<table>\n");
    for (Field f : fields) {
      b.append("<tr><th align=\"left\">").append(escape(f.label())).append("</th><td>")
          .append(escape(f.value())).append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  /** Escapes text for HTML element content and double- or single-quoted attribute values. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
