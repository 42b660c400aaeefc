package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.notify.email.SmtpConfig;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How many SMTP connections a replica sends on at once ({@code NOTIFY_SMTP_CONNECTIONS}). */
class SmtpConnectionsTest {

  @Test
  void emailsGoOutOnAsManyConnectionsAsConfiguredAndNoMore() {
    int port = RunningNotify.freePort();
    try (RunningNotify service =
        RunningNotify.start(port, Map.of("NOTIFY_SMTP_CONNECTIONS", "3"))) {
      AtomicInteger accepted = new AtomicInteger();
      // A slow server: each message holds its connection for 150 ms, so twelve emails queued at
      // once need every connection the pool may open.
      ScriptedSmtpServer smtp =
          ScriptedSmtpServer.start(
              service,
              port,
              new ScriptedSmtpServer.Script() {
                @Override
                public String endOfData(List<String> message) {
                  accepted.incrementAndGet();
                  return "250 2.0.0 queued";
                }

                @Override
                public long millisPerMessage() {
                  return 150;
                }
              });
      List<NotifyRequest> requests = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        requests.add(TestRequests.newLead("pool" + i + "@sales.example"));
      }
      requests.forEach(r -> service.call(NotifyServiceGrpcClient.Notify, r));

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(requests)
                      .allSatisfy(
                          r ->
                              assertThat(service.deliveriesOfAssignment(r.getAssignmentId()))
                                  .singleElement()
                                  .extracting(d -> d.getStatus())
                                  .isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT)));
      assertThat(accepted.get()).isEqualTo(12);
      assertThat(smtp.mostConnectionsOpen()).isEqualTo(3);
    }
  }

  @Test
  void aConnectionCountOutsideOneTo256IsRefusedAtStart() {
    for (String bad : List.of("0", "257", "-4")) {
      assertThatThrownBy(
              () -> SmtpConfig.from(new Settings(Map.of("NOTIFY_SMTP_CONNECTIONS", bad))))
          .hasMessageContaining("NOTIFY_SMTP_CONNECTIONS must be 1 to 256");
    }
    assertThat(
            SmtpConfig.from(new Settings(Map.of("NOTIFY_SMTP_CONNECTIONS", "5")))
                .mailConfig()
                .getMaxPoolSize())
        .isEqualTo(5);
    assertThat(SmtpConfig.from(new Settings(Map.of())).connections()).isEqualTo(32);
  }
}
