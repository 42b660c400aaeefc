package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import dev.leadrouter.notify.email.SmtpConfig;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SMTP AUTH, sender identity and the start-up checks that keep a password off the wire in clear
 * text.
 */
class SmtpAuthTest {
  @Test
  void authenticatesAndSendsFromTheConfiguredSenderWithReplyToAndBothParts() throws Exception {
    TestSmtp relay =
        TestSmtp.listening(
            GreenMailConfiguration.aConfig().withUser("relay-user", "relay-pass-123"));
    GreenMail smtp = relay.greenMail();
    int port = relay.port();
    try (RunningNotify service =
        RunningNotify.start(
            port,
            Map.of(
                "NOTIFY_SMTP_USERNAME",
                "relay-user",
                "NOTIFY_SMTP_PASSWORD",
                "relay-pass-123",
                "NOTIFY_SMTP_ALLOW_PLAINTEXT_AUTH",
                "true",
                "NOTIFY_MAIL_FROM",
                "Lead Desk <leads@acme.example>",
                "NOTIFY_MAIL_REPLY_TO",
                "sales-ops@acme.example"))) {
      NotifyRequest request = TestRequests.newLead("auth@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      service.awaitDelivery(
          request.getAssignmentId(),
          Channel.CHANNEL_EMAIL,
          DeliveryStatus.DELIVERY_STATUS_SENT,
          Duration.ofSeconds(10));

      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(mail.getFrom()[0].toString()).isEqualTo("Lead Desk <leads@acme.example>");
      assertThat(mail.getHeader("Reply-To")).containsExactly("sales-ops@acme.example");
      assertThat(mail.getContentType()).startsWith("multipart/alternative");
      assertThat(ReceivedMail.textOf(mail))
          .contains("Hi Ana Rep,", "<p><strong>A new lead was assigned to you.</strong></p>");
    } finally {
      relay.close();
    }
  }

  // A wrong password (535) pauses the channel instead of failing the message: ChannelPauseTest.

  @Test
  void unsafeOrBrokenSettingsStopStartUp() {
    assertThatThrownBy(
            () ->
                SmtpConfig.from(
                    new Settings(
                        Map.of(
                            "NOTIFY_SMTP_USERNAME",
                            "u",
                            "NOTIFY_SMTP_PASSWORD",
                            "p",
                            "NOTIFY_SMTP_STARTTLS",
                            "DISABLED"))))
        .hasMessageContaining("unencrypted");
    assertThatThrownBy(() -> SmtpConfig.from(new Settings(Map.of("NOTIFY_SMTP_USERNAME", "u"))))
        .hasMessageContaining("NOTIFY_SMTP_PASSWORD");
    assertThatThrownBy(
            () ->
                SmtpConfig.from(
                    new Settings(
                        Map.of("NOTIFY_MAIL_FROM", "leads@acme.example\r\nBcc: x@y.example"))))
        .hasMessageContaining("NOTIFY_MAIL_FROM");
    assertThatThrownBy(
            () -> SmtpConfig.from(new Settings(Map.of("NOTIFY_MAIL_REPLY_TO", "not an address"))))
        .hasMessageContaining("NOTIFY_MAIL_REPLY_TO");
    assertThat(
            SmtpConfig.from(
                    new Settings(
                        Map.of(
                            "NOTIFY_SMTP_USERNAME",
                            "u",
                            "NOTIFY_SMTP_PASSWORD",
                            "p",
                            "NOTIFY_SMTP_STARTTLS",
                            "REQUIRED")))
                .toString())
        .doesNotContain("p ")
        .contains("auth=true");
  }
}
