package dev.leadrouter.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Money;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import org.junit.jupiter.api.Test;

class LeadEmailTemplateTest {
  private final LeadEmailTemplate template = new LeadEmailTemplate();

  private static NotifyRequest.Builder request(String firstName) {
    return NotifyRequest.newBuilder()
        .setKind(NotificationKind.NOTIFICATION_KIND_NEW_LEAD)
        .setAssignmentId("a-1")
        .setLeadId("l-1")
        .addRecipients(
            Recipient.newBuilder()
                .setRepId("ana")
                .setDisplayName("Ana")
                .setEmail("ana@sales.example"))
        .setLead(
            Lead.newBuilder()
                .setContact(
                    Contact.newBuilder().setFirstName(firstName).setLastName("O'Brien & Co"))
                .setCompany(Company.newBuilder().setName("\"Evil\" <b>Corp</b>")))
        .setAssignment(
            Assignment.newBuilder().setReason("Rule x matched <img src=x onerror=alert(1)>"));
  }

  @Test
  void htmlPartEscapesEverythingFromTheLead() {
    EmailContent email = template.render(request("<script>alert('x')</script>").build(), 0);

    assertThat(email.html())
        .doesNotContain("<script>", "<b>Corp", "<img")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; O&#39;Brien &amp; Co")
        .contains("&quot;Evil&quot; &lt;b&gt;Corp&lt;/b&gt;")
        .contains("Rule x matched &lt;img src=x onerror=alert(1)&gt;");
    // Plain text is not HTML: it shows the name exactly as given.
    assertThat(email.text()).contains("<script>alert('x')</script> O'Brien & Co");
  }

  @Test
  void subjectNamesLeadAndCompanyOnOneLine() {
    EmailContent email = template.render(request("Grace\r\nBcc: victim@example.com").build(), 0);

    assertThat(email.subject())
        .startsWith("New lead: Grace Bcc: victim@example.com O'Brien & Co")
        .doesNotContain("\r", "\n");
  }

  @Test
  void deadlineIsShownInTheRecipientsTimeZone() {
    NotifyRequest.Builder r =
        request("Grace").setSlaDeadline(Timestamp.newBuilder().setSeconds(1_767_261_600L));
    r.setRecipients(0, r.getRecipients(0).toBuilder().setTimeZone("America/New_York"));

    assertThat(template.render(r.build(), 0).text())
        .contains("Respond by: Thu 1 Jan 2026, 05:00 EST");
    r.setRecipients(0, r.getRecipients(0).toBuilder().clearTimeZone());
    assertThat(template.render(r.build(), 0).text())
        .contains("Respond by: Thu 1 Jan 2026, 10:00 UTC");
  }

  @Test
  void previousOwnerOfAReassignedLeadIsToldItMovedAway() {
    NotifyRequest.Builder r =
        request("Grace").setKind(NotificationKind.NOTIFICATION_KIND_REASSIGNMENT);
    r.setRecipients(
        0, r.getRecipients(0).toBuilder().setRole(RecipientRole.RECIPIENT_ROLE_PREVIOUS_OWNER));

    EmailContent email = template.render(r.build(), 0);

    assertThat(email.subject()).startsWith("Reassigned lead: ");
    assertThat(email.text()).contains("moved from you to another rep");
  }

  @Test
  void precomposedMessageIsSentAsIs() {
    NotifyRequest r =
        request("Grace")
            .setKind(NotificationKind.NOTIFICATION_KIND_REPORT)
            .setMessage(
                dev.leadrouter.v1.PrecomposedMessage.newBuilder()
                    .setSubject("Weekly SLA breaches\r\nBcc: x")
                    .setText("3 breaches")
                    .setHtml("<p>3 breaches</p>"))
            .build();

    EmailContent email = template.render(r, 0);

    assertThat(email.subject()).isEqualTo("Weekly SLA breaches Bcc: x");
    assertThat(email.text()).isEqualTo("3 breaches");
    assertThat(email.html()).isEqualTo("<p>3 breaches</p>");
  }

  @Test
  void formAnswersAndInquiryAreShown() {
    NotifyRequest.Builder r = request("Grace");
    r.getLeadBuilder()
        .putAttributes("team_size", "50-200")
        .putAttributes("budget", "<10k")
        .setInquiryText("Call me");

    EmailContent email = template.render(r.build(), 0);

    assertThat(email.text())
        .contains("Form answers", "Budget: <10k", "Team size: 50-200", "Call me");
    assertThat(email.html()).contains("Budget</th><td>&lt;10k");
  }

  @Test
  void escalationToTheManagerNamesTheOwnerWhoMissedIt() {
    NotifyRequest.Builder r =
        request("Grace").setKind(NotificationKind.NOTIFICATION_KIND_ESCALATION);
    r.setRecipients(
        0, r.getRecipients(0).toBuilder().setRole(RecipientRole.RECIPIENT_ROLE_MANAGER));
    r.getAssignmentBuilder().getRepBuilder().setRepId("ana").setDisplayName("Ana Adams");

    EmailContent email = template.render(r.build(), 0);

    assertThat(email.subject()).startsWith("Escalated lead: Grace");
    assertThat(email.text())
        .contains("Ana Adams did not respond to this lead in time, so it was escalated to you.");
  }

  @Test
  void moneyIsFormattedWithCurrency() {
    assertThat(
            dev.leadrouter.notify.content.NotificationView.money(
                Money.newBuilder()
                    .setCurrencyCode("EUR")
                    .setUnits(12_500)
                    .setNanos(500_000_000)
                    .build()))
        .isEqualTo("12,500.50 EUR");
  }
}
