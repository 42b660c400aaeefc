package dev.leadrouter.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.content.NotificationView;
import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.PrecomposedMessage;
import dev.leadrouter.v1.Recipient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
  private static final Templates TEMPLATES = Templates.builtIn();

  private static NotifyRequest.Builder request() {
    return NotifyRequest.newBuilder()
        .setKind(NotificationKind.NOTIFICATION_KIND_SLA_WARNING)
        .addRecipients(Recipient.newBuilder().setRepId("ana").setDisplayName("Ana"))
        .setLead(
            Lead.newBuilder()
                .setContact(Contact.newBuilder().setFirstName("<!channel>").setLastName("Hopper"))
                .setCompany(Company.newBuilder().setName("Acme & Co")))
        .setAssignment(
            Assignment.newBuilder()
                .setReason("Rule emea matched")
                .setRuleId("emea")
                .setQueueId("eu"));
  }

  @Test
  void blockKitHasHeaderBodyAndAckButton() {
    SlackMessage m =
        SlackMessage.render(
            new NotificationView(request().build(), 0, "https://ack.example/t"), TEMPLATES, null);

    assertThat(m.blocks())
        .extracting(b -> b.get("type"))
        .containsExactly("header", "section", "actions");
    assertThat(m.blocks().get(0).toString()).contains("Respond soon: <!channel> Hopper, Acme & Co");
    String body = ((Map<?, ?>) m.blocks().get(1).get("text")).get("text").toString();
    // A lead cannot ping the whole channel: mrkdwn entities are escaped in the body.
    assertThat(body)
        .contains("&lt;!channel&gt; Hopper", "Acme &amp; Co", "Rule emea matched")
        .doesNotContain("<!channel>");
    Map<?, ?> button = (Map<?, ?>) ((List<?>) m.blocks().get(2).get("elements")).get(0);
    assertThat(button.get("url")).isEqualTo("https://ack.example/t");
    assertThat(m.text()).contains("I'm on it: https://ack.example/t");
  }

  @Test
  void deploymentWebhookMentionsTheRep() {
    SlackMessage m =
        SlackMessage.render(
            new NotificationView(request().build(), 0, null), TEMPLATES, "U024BE7LH");

    assertThat(m.blocks()).extracting(b -> b.get("type")).containsExactly("header", "section");
    assertThat(((Map<?, ?>) m.blocks().get(1).get("text")).get("text").toString())
        .startsWith("<@U024BE7LH> ");
  }

  @Test
  void precomposedReportIsSentAsTextInSections() {
    NotifyRequest r =
        request()
            .setKind(NotificationKind.NOTIFICATION_KIND_REPORT)
            .setMessage(
                PrecomposedMessage.newBuilder()
                    .setSubject("Weekly SLA report")
                    .setText("x".repeat(7000)))
            .build();

    SlackMessage m = SlackMessage.render(new NotificationView(r, 0, null), TEMPLATES, null);

    assertThat(m.blocks())
        .extracting(b -> b.get("type"))
        .containsExactly("header", "section", "section", "section");
    assertThat(m.blocks().get(0).toString()).contains("Weekly SLA report");
  }
}
