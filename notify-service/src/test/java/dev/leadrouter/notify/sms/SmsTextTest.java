package dev.leadrouter.notify.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.leadrouter.notify.content.NotificationView;
import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.PrecomposedMessage;
import dev.leadrouter.v1.Recipient;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SmsTextTest {
  private static final Templates TEMPLATES = Templates.builtIn();

  private static NotifyRequest.Builder request(NotificationKind kind) {
    return NotifyRequest.newBuilder()
        .setKind(kind)
        .addRecipients(Recipient.newBuilder().setRepId("ana").setTimeZone("Europe/Berlin"))
        .setLead(
            Lead.newBuilder()
                .setContact(
                    Contact.newBuilder()
                        .setFirstName("Grace")
                        .setLastName("Hopper")
                        .setPhone("+14155550123"))
                .setCompany(Company.newBuilder().setName("Acme")))
        .setSlaDeadline(Timestamp.newBuilder().setSeconds(1_767_261_600L));
  }

  @Test
  void slaWarningIsShortWithDeadlineInTheRepsZoneLinkAndMarker() {
    String text =
        SmsText.render(
            new NotificationView(
                request(NotificationKind.NOTIFICATION_KIND_SLA_WARNING).build(),
                0,
                "https://ack.example/t"),
            TEMPLATES,
            "ref 1a2b3c4d");

    assertThat(text)
        .isEqualTo(
            "Respond soon: Grace Hopper, Acme, +14155550123. Deadline Thu 11:00 CET. "
                + "I'm on it: https://ack.example/t [ref 1a2b3c4d]");
  }

  @Test
  void longPrecomposedTextIsCutButKeepsTheMarker() {
    NotifyRequest r =
        request(NotificationKind.NOTIFICATION_KIND_REPORT)
            .setMessage(
                PrecomposedMessage.newBuilder().setSubject("Report").setText("y\n".repeat(2000)))
            .build();

    String text = SmsText.render(new NotificationView(r, 0, null), TEMPLATES, "ref 1a2b3c4d");

    assertThat(text).hasSize(SmsText.MAX_LENGTH).endsWith("… [ref 1a2b3c4d]").doesNotContain("\n");
  }

  @Test
  void lookUpMatchesTheMarkerAndIgnoresFailedOrOlderMessages() {
    JsonObject page =
        new JsonObject(
            """
        {"messages": [
          {"sid": "SM1", "body": "New lead [ref 1a2b3c4d]", "status": "failed", "date_created": "Thu, 01 Jan 2026 10:00:00 +0000"},
          {"sid": "SM2", "body": "New lead [ref 1a2b3c4d]", "status": "queued", "date_created": "Wed, 31 Dec 2025 10:00:00 +0000"},
          {"sid": "SM3", "body": "New lead [ref 99999999]", "status": "sent", "date_created": "Thu, 01 Jan 2026 10:00:00 +0000"},
          {"sid": "SM4", "body": "New lead [ref 1a2b3c4d]", "status": "queued", "date_created": "Thu, 01 Jan 2026 10:00:01 +0000"}
        ]}""");

    assertThat(TwilioSender.match(page, "ref 1a2b3c4d", Instant.parse("2026-01-01T10:00:00Z")))
        .hasValueSatisfying(r -> assertThat(r.providerRef()).isEqualTo("SM4"));
    assertThat(TwilioSender.match(page, "ref 00000000", Instant.parse("2026-01-01T10:00:00Z")))
        .isEmpty();
  }
}
