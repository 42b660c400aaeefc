package dev.leadrouter.notify.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.leadrouter.notify.content.NotificationView.Field;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Campaign;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.Money;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.SourceChannel;
import org.junit.jupiter.api.Test;

class NotificationViewTest {
  private static final Lead FULL =
      Lead.newBuilder()
          .setContact(
              Contact.newBuilder()
                  .setFirstName("Grace")
                  .setLastName("Hopper")
                  .setTitle("CTO")
                  .setEmail("grace@acme.example")
                  .setPhone("+14155550100"))
          .setCompany(Company.newBuilder().setName("Acme"))
          .setLocation(
              Location.newBuilder().setCity("Boston").setRegionCode("US-MA").setCountryCode("US"))
          .addProductInterests("analytics")
          .addProductInterests("crm")
          .setDealValue(
              Money.newBuilder().setCurrencyCode("USD").setUnits(1200).setNanos(500_000_000))
          .setScore(42)
          .setSource(
              LeadSource.newBuilder()
                  .setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM)
                  .setSourceId("pricing")
                  .setCampaign(
                      Campaign.newBuilder()
                          .setName("Spring launch")
                          .setUtmSource("google")
                          .setUtmMedium("cpc")
                          .setUtmCampaign("spring")))
          .build();

  private static NotificationView view(Lead lead, Recipient recipient, Assignment assignment) {
    NotifyRequest request =
        NotifyRequest.newBuilder()
            .setKind(NotificationKind.NOTIFICATION_KIND_NEW_LEAD)
            .setLead(lead)
            .setAssignment(assignment)
            .addRecipients(recipient)
            .build();
    return new NotificationView(request, 0, null);
  }

  private static NotificationView view(Lead lead) {
    return view(lead, Recipient.getDefaultInstance(), Assignment.getDefaultInstance());
  }

  @Test
  void leadFieldsListEveryKnownDetailInOrder() {
    assertThat(view(FULL).leadFields())
        .extracting(Field::label, Field::value)
        .containsExactly(
            tuple("Name", "Grace Hopper"),
            tuple("Title", "CTO"),
            tuple("Company", "Acme"),
            tuple("Email", "grace@acme.example"),
            tuple("Phone", "+14155550100"),
            tuple("Location", "Boston, US-MA, US"),
            tuple("Interested in", "analytics, crm"),
            tuple("Deal value", "1,200.50 USD"),
            tuple("Score", "42"),
            tuple("Source", "web form (pricing)"),
            tuple("Campaign", "Spring launch"),
            tuple("UTM", "source=google, medium=cpc, campaign=spring"));
  }

  @Test
  void leadFieldsLeaveOutWhatIsUnknown() {
    Lead bare =
        Lead.newBuilder()
            .setContact(Contact.newBuilder().setEmail("x@y.example"))
            .setLocation(Location.newBuilder().setCountryCode("DE"))
            .setSource(LeadSource.newBuilder().setSourceId("import"))
            .build();

    assertThat(view(bare).leadFields())
        .extracting(Field::label, Field::value)
        .containsExactly(
            tuple("Name", "x@y.example"),
            tuple("Email", "x@y.example"),
            tuple("Location", "DE"),
            tuple("Source", "import"));
    assertThat(view(Lead.getDefaultInstance()).leadFields())
        .extracting(Field::label, Field::value)
        .containsExactly(tuple("Name", "Unnamed lead"));
  }

  @Test
  void sourceAndCampaignFallBackSensibly() {
    Lead channelOnly =
        Lead.newBuilder()
            .setSource(
                LeadSource.newBuilder()
                    .setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM)
                    .setCampaign(Campaign.newBuilder().setUtmCampaign("spring")))
            .build();

    assertThat(view(channelOnly).source()).isEqualTo("web form");
    assertThat(view(channelOnly).campaign()).isEqualTo("spring");
    assertThat(view(Lead.getDefaultInstance()).source()).isEmpty();
    assertThat(view(Lead.getDefaultInstance()).campaign()).isEmpty();
    Lead utmMediumOnly =
        Lead.newBuilder()
            .setSource(
                LeadSource.newBuilder().setCampaign(Campaign.newBuilder().setUtmMedium("email")))
            .build();
    assertThat(view(utmMediumOnly).leadFields())
        .extracting(Field::label, Field::value)
        .contains(tuple("UTM", "medium=email"));
  }

  @Test
  void greetingUsesTheRecipientsNameWhenKnown() {
    assertThat(
            view(
                    FULL,
                    Recipient.newBuilder().setDisplayName(" Ana ").build(),
                    Assignment.getDefaultInstance())
                .greeting())
        .isEqualTo("Hi Ana,");
    assertThat(view(FULL).greeting()).isEqualTo("Hello,");
  }

  @Test
  void routingFieldsSayWhyWhichRuleAndQueue() {
    Assignment matched =
        Assignment.newBuilder()
            .setReason("Rule us matched")
            .setRuleId("us")
            .setQueueId("q-na")
            .build();
    assertThat(view(FULL, Recipient.getDefaultInstance(), matched).routingFields())
        .extracting(Field::label, Field::value)
        .containsExactly(
            tuple("Why you", "Rule us matched"), tuple("Rule", "us"), tuple("Queue", "q-na"));

    Assignment catchAll = matched.toBuilder().setCatchAll(true).build();
    assertThat(view(FULL, Recipient.getDefaultInstance(), catchAll).routingFields())
        .extracting(Field::label, Field::value)
        .contains(tuple("Rule", "catch-all (no rule matched)"));
    assertThat(view(FULL).routingFields()).isEmpty();
  }

  @Test
  void answersAreSortedLabelledAndCut() {
    Lead lead =
        Lead.newBuilder()
            .putAttributes("team_size", "12")
            .putAttributes("budget-range", "x".repeat(501))
            .putAttributes("a", "y".repeat(500))
            .build();

    assertThat(view(lead).answers())
        .extracting(Field::label, Field::value)
        .containsExactly(
            tuple("A", "y".repeat(500)),
            tuple("Budget range", "x".repeat(499) + "…"),
            tuple("Team size", "12"));

    Lead many = Lead.newBuilder().build();
    var b = many.toBuilder();
    for (int i = 0; i < 40; i++) {
      b.putAttributes(String.format("q%02d", i), "v");
    }
    assertThat(view(b.build()).answers()).hasSize(30);
  }

  @Test
  void theEscalationHeadlineNamesTheOwner() {
    NotifyRequest escalation =
        NotifyRequest.newBuilder()
            .setKind(NotificationKind.NOTIFICATION_KIND_ESCALATION)
            .setLead(FULL)
            .setAssignment(
                Assignment.newBuilder()
                    .setRepId("bo")
                    .setRep(Rep.newBuilder().setDisplayName(" Bo Brown ")))
            .addRecipients(Recipient.newBuilder().setRole(RecipientRole.RECIPIENT_ROLE_MANAGER))
            .build();
    assertThat(new NotificationView(escalation, 0, null).headline())
        .isEqualTo("Bo Brown did not respond to this lead in time, so it was escalated to you.");

    NotifyRequest noRepName =
        escalation.toBuilder().setAssignment(Assignment.newBuilder().setRepId("bo")).build();
    assertThat(new NotificationView(noRepName, 0, null).headline())
        .startsWith("bo did not respond");

    NotifyRequest nobody = escalation.toBuilder().setAssignment(Assignment.newBuilder()).build();
    assertThat(new NotificationView(nobody, 0, null).headline())
        .startsWith("The owner did not respond");
  }
}
