package dev.leadrouter.notify.content;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a notification says, for one recipient, as plain values: what happened, who the lead
 * is, their form answers, where they came from, why this rep got them, by when (in the rep's time
 * zone) and the "I'm on it" link. Templates of every channel render from {@link #model()}; the
 * variable names there are the documented template contract (see README "Notification templates").
 */
public final class NotificationView {
  private static final DateTimeFormatter DEADLINE =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.ENGLISH);
  private static final DateTimeFormatter DEADLINE_SHORT =
      DateTimeFormatter.ofPattern("EEE HH:mm zzz", Locale.ENGLISH);
  private static final int MAX_ANSWERS = 30;
  private static final int MAX_ANSWER_LENGTH = 500;

  /** A labelled value shown in a list (lead details, routing, form answers). */
  public record Field(String label, String value) {}

  private final NotifyRequest request;
  private final int recipientIndex;
  private final Recipient recipient;
  private final String ackUrl;

  public NotificationView(NotifyRequest request, int recipientIndex, String ackUrl) {
    this.request = request;
    this.recipientIndex = recipientIndex;
    this.recipient = request.getRecipients(recipientIndex);
    this.ackUrl = ackUrl == null || ackUrl.isBlank() ? null : ackUrl;
  }

  public NotifyRequest request() {
    return request;
  }

  public int recipientIndex() {
    return recipientIndex;
  }

  public Recipient recipient() {
    return recipient;
  }

  public String ackUrl() {
    return ackUrl;
  }

  public String leadName() {
    Lead lead = request.getLead();
    String name =
        (lead.getContact().getFirstName() + " " + lead.getContact().getLastName()).strip();
    if (!name.isEmpty()) {
      return name;
    }
    return lead.getContact().getEmail().isBlank() ? "Unnamed lead" : lead.getContact().getEmail();
  }

  public String company() {
    return request.getLead().getCompany().getName().strip();
  }

  /** "Grace Hopper, Acme Compilers" or just the name. */
  public String who() {
    return company().isEmpty() ? leadName() : leadName() + ", " + company();
  }

  public String subjectPrefix() {
    return switch (request.getKind()) {
      case NOTIFICATION_KIND_SLA_WARNING -> "Respond soon";
      case NOTIFICATION_KIND_ESCALATION -> "Escalated lead";
      case NOTIFICATION_KIND_REASSIGNMENT -> "Reassigned lead";
      case NOTIFICATION_KIND_REPEAT_ACTIVITY -> "Lead active again";
      case NOTIFICATION_KIND_REPORT -> "Report";
      default -> "New lead";
    };
  }

  public String headline() {
    RecipientRole role = recipient.getRole();
    return switch (request.getKind()) {
      case NOTIFICATION_KIND_SLA_WARNING ->
          "The first-touch deadline for this lead is approaching.";
      case NOTIFICATION_KIND_ESCALATION ->
          role == RecipientRole.RECIPIENT_ROLE_MANAGER
              ? ownerName() + " did not respond to this lead in time, so it was escalated to you."
              : "The first-touch deadline for this lead was missed, so it was escalated.";
      case NOTIFICATION_KIND_REASSIGNMENT ->
          role == RecipientRole.RECIPIENT_ROLE_PREVIOUS_OWNER
              ? "This lead was moved from you to another rep."
              : "This lead was reassigned to you.";
      case NOTIFICATION_KIND_REPEAT_ACTIVITY -> "A lead you own got in touch again.";
      case NOTIFICATION_KIND_REPORT -> "A report from leadrouter.";
      default -> "A new lead was assigned to you.";
    };
  }

  public String greeting() {
    return recipient.getDisplayName().isBlank()
        ? "Hello,"
        : "Hi " + recipient.getDisplayName().strip() + ",";
  }

  /**
   * The SLA deadline in the recipient's time zone (UTC when none is known); null without a
   * deadline.
   */
  public String deadline() {
    return request.hasSlaDeadline() ? deadlineAt().format(DEADLINE) : null;
  }

  /** Short form for SMS: "Thu 11:00 CET". */
  public String deadlineShort() {
    return request.hasSlaDeadline() ? deadlineAt().format(DEADLINE_SHORT) : null;
  }

  private java.time.ZonedDateTime deadlineAt() {
    ZoneId zone = ZoneId.of(recipient.getTimeZone().isBlank() ? "UTC" : recipient.getTimeZone());
    Instant at =
        Instant.ofEpochSecond(
            request.getSlaDeadline().getSeconds(), request.getSlaDeadline().getNanos());
    return at.atZone(zone);
  }

  private String ownerName() {
    var rep = request.getAssignment().getRep();
    if (!rep.getDisplayName().isBlank()) {
      return rep.getDisplayName().strip();
    }
    return request.getAssignment().getRepId().isBlank()
        ? "The owner"
        : request.getAssignment().getRepId();
  }

  public List<Field> leadFields() {
    Lead lead = request.getLead();
    List<Field> f = new ArrayList<>();
    add(f, "Name", leadName());
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
    add(f, "Source", source());
    add(f, "Campaign", campaign());
    add(f, "UTM", utm(lead.getSource().getCampaign()));
    return f;
  }

  /**
   * The lead's form answers ({@code Lead.attributes}), sorted by question, labels made readable.
   */
  public List<Field> answers() {
    List<Field> f = new ArrayList<>();
    new TreeMap<>(request.getLead().getAttributesMap())
        .forEach(
            (k, v) -> {
              if (f.size() < MAX_ANSWERS) {
                add(
                    f,
                    label(k),
                    v.length() <= MAX_ANSWER_LENGTH
                        ? v
                        : v.substring(0, MAX_ANSWER_LENGTH - 1) + "…");
              }
            });
    return f;
  }

  public List<Field> routingFields() {
    Assignment a = request.getAssignment();
    List<Field> f = new ArrayList<>();
    add(f, "Why you", a.getReason());
    add(f, "Rule", a.getCatchAll() ? "catch-all (no rule matched)" : a.getRuleId());
    add(f, "Queue", a.getQueueId());
    return f;
  }

  public String source() {
    Lead lead = request.getLead();
    SourceChannel channel = lead.getSource().getChannel();
    String kind =
        channel == SourceChannel.SOURCE_CHANNEL_UNSPECIFIED || channel == SourceChannel.UNRECOGNIZED
            ? ""
            : channel
                .name()
                .substring("SOURCE_CHANNEL_".length())
                .toLowerCase(Locale.ROOT)
                .replace('_', ' ');
    String id = lead.getSource().getSourceId();
    return kind.isEmpty() ? id : id.isEmpty() ? kind : kind + " (" + id + ")";
  }

  public String campaign() {
    Campaign c = request.getLead().getSource().getCampaign();
    return !c.getName().isBlank() ? c.getName() : c.getUtmCampaign();
  }

  /** The template model; every value is a String, a List of {label, value} maps, or absent. */
  public Map<String, Object> model() {
    Map<String, Object> m = new HashMap<>();
    m.put(
        "kind",
        request.getKind().name().substring("NOTIFICATION_KIND_".length()).toLowerCase(Locale.ROOT));
    m.put("subjectPrefix", subjectPrefix());
    m.put("headline", headline());
    m.put("greeting", greeting());
    m.put("recipientName", recipient.getDisplayName());
    m.put(
        "role", recipient.getRole().name().replace("RECIPIENT_ROLE_", "").toLowerCase(Locale.ROOT));
    m.put("leadName", leadName());
    m.put("company", company());
    m.put("who", who());
    m.put("leadEmail", request.getLead().getContact().getEmail());
    m.put("leadPhone", request.getLead().getContact().getPhone());
    m.put("leadFields", maps(leadFields()));
    m.put("answers", maps(answers()));
    m.put("hasAnswers", !answers().isEmpty());
    m.put("inquiry", request.getLead().getInquiryText().strip());
    m.put("source", source());
    m.put("campaign", campaign());
    m.put("routingFields", maps(routingFields()));
    m.put("hasRouting", !routingFields().isEmpty());
    m.put("reason", request.getAssignment().getReason());
    m.put("rule", request.getAssignment().getRuleId());
    m.put("queue", request.getAssignment().getQueueId());
    m.put("deadline", deadline());
    m.put("deadlineShort", deadlineShort());
    m.put("ackUrl", ackUrl);
    return m;
  }

  private static List<Map<String, String>> maps(List<Field> fields) {
    return fields.stream().map(f -> Map.of("label", f.label(), "value", f.value())).toList();
  }

  private static String label(String key) {
    String words = key.replace('_', ' ').replace('-', ' ').strip();
    return words.isEmpty() ? key : Character.toUpperCase(words.charAt(0)) + words.substring(1);
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

  public static String money(Money m) {
    BigDecimal amount =
        BigDecimal.valueOf(m.getUnits())
            .add(BigDecimal.valueOf(m.getNanos(), 9))
            .setScale(2, RoundingMode.HALF_EVEN);
    return String.format(Locale.ENGLISH, "%,.2f %s", amount, m.getCurrencyCode()).strip();
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

  /**
   * Whether a notification of this kind to this role carries an "I'm on it" link: only the rep who
   * must act.
   */
  public static boolean wantsAckLink(NotificationKind kind, RecipientRole role) {
    boolean owner =
        role == RecipientRole.RECIPIENT_ROLE_OWNER
            || role == RecipientRole.RECIPIENT_ROLE_UNSPECIFIED;
    return owner && kind != NotificationKind.NOTIFICATION_KIND_REPORT;
  }
}
