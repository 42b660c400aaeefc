package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.ListDeadLettersRequest;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A relay refusing our SMTP credentials (535) is a misconfigured channel, not a bad message: mail
 * is held and the channel reported paused until the credential works again, then everything held
 * goes out. Nothing is dead-lettered meanwhile.
 */
class ChannelPauseTest {
  @Test
  void smtpAuthFailurePausesTheChannelAndResumesWhenTheCredentialWorks() throws Exception {
    TestSmtp relay =
        TestSmtp.listening(
            GreenMailConfiguration.aConfig().withUser("relay-user", "rotated-elsewhere"));
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
                "NOTIFY_PAUSE_PROBE_INTERVAL",
                "1s",
                "NOTIFY_MAX_ATTEMPTS",
                "2"))) {
      NotifyRequest first = TestRequests.newLead("held1@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, first);
      await().atMost(Duration.ofSeconds(10)).until(() -> service.channelPaused("smtp") == 1.0);
      NotifyRequest second = TestRequests.newLead("held2@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, second);

      // Probes go on (more attempts than NOTIFY_MAX_ATTEMPTS) and nothing is dead-lettered.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  service.deliveriesOfAssignment(first.getAssignmentId()).get(0).getAttempts()
                          + service
                              .deliveriesOfAssignment(second.getAssignmentId())
                              .get(0)
                              .getAttempts()
                      >= 4);
      for (NotifyRequest r : new NotifyRequest[] {first, second}) {
        Delivery d = service.deliveriesOfAssignment(r.getAssignmentId()).get(0);
        // Held (PENDING/RETRYING), or SENDING while it is the probe: never final.
        assertThat(d.getStatus())
            .isNotIn(
                DeliveryStatus.DELIVERY_STATUS_SENT,
                DeliveryStatus.DELIVERY_STATUS_FAILED,
                DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER);
      }
      assertThat(service.deliveriesOfAssignment(first.getAssignmentId()).get(0).getLastError())
          .startsWith("held, channel smtp paused: SMTP")
          .contains("535");
      assertThat(
              service
                  .call(
                      NotifyServiceGrpcClient.ListDeadLetters,
                      ListDeadLettersRequest.getDefaultInstance())
                  .getDeliveriesList())
          .isEmpty();
      assertThat(smtp.getReceivedMessages()).isEmpty();
      assertThat(service.channelPaused("smtp")).isEqualTo(1.0);

      // The relay's password is set back to the one we hold (the rotation completed).
      smtp.getUserManager().getUser("relay-user").setPassword("relay-pass-123");

      service.awaitDelivery(
          first.getAssignmentId(),
          Channel.CHANNEL_EMAIL,
          DeliveryStatus.DELIVERY_STATUS_SENT,
          Duration.ofSeconds(10));
      service.awaitDelivery(
          second.getAssignmentId(),
          Channel.CHANNEL_EMAIL,
          DeliveryStatus.DELIVERY_STATUS_SENT,
          Duration.ofSeconds(10));
      assertThat(smtp.getReceivedMessages()).hasSize(2);
      assertThat(service.channelPaused("smtp")).isZero();
    } finally {
      relay.close();
    }
  }
}
