package dev.leadrouter.notify;

import static dev.leadrouter.v1.Channel.CHANNEL_WEBHOOK;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_FAILED;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.FakeProvider.Reply;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.ListDeadLettersRequest;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyResponse;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRM webhook over real HTTP; the receiver verifies the signature with HmacSignature as a CRM
 * would.
 */
class WebhookChannelTest {
  private static final String SECRET = "crm-webhook-secret-0123";

  /** Refuses anything not signed with SECRET, like a careful receiver. */
  private static Reply verifying(FakeProvider.Request r) {
    try {
      new HmacSignature(SECRET, Duration.ofMinutes(5), Clock.systemUTC())
          .verify(r.header("X-Leadrouter-Signature"), r.body().getBytes());
      return Reply.text(204, "");
    } catch (UnauthenticatedException e) {
      return Reply.json(401, "{\"error\":\"bad signature\"}");
    }
  }

  private static RunningNotify start(FakeProvider crm, Map<String, String> extra) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "NOTIFY_WEBHOOK_URL",
                crm.url("/hooks/leadrouter?key=k-123"),
                "NOTIFY_WEBHOOK_SECRET",
                SECRET,
                // Deployment policy: reps get Slack (not configured here), so only the webhook goes
                // out.
                "NOTIFY_CHANNELS_DEFAULT",
                "SLACK"));
    env.putAll(extra);
    return RunningNotify.start(RunningNotify.freePort(), env);
  }

  @Test
  void newLeadIsPostedOnceAsSignedJsonEventBesideTheRepsChannels() {
    try (FakeProvider crm = FakeProvider.start(WebhookChannelTest::verifying);
        RunningNotify service = start(crm, Map.of())) {
      NotifyRequest base = TestRequests.newLead("hook@sales.example");
      NotifyRequest request =
          base.toBuilder()
              .setRecipients(0, base.getRecipients(0).toBuilder().setSlackUserId("U024BE7LH"))
              .addRecipients(
                  base.getRecipients(0).toBuilder().setRepId("bo").setSlackUserId("U0BO00000"))
              .build();
      NotifyResponse response = service.call(NotifyServiceGrpcClient.Notify, request);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(),
              CHANNEL_WEBHOOK,
              DELIVERY_STATUS_SENT,
              Duration.ofSeconds(10));

      assertThat(response.getDeliveriesList())
          .extracting(Delivery::getChannel)
          .containsExactly(Channel.CHANNEL_SLACK, Channel.CHANNEL_SLACK, CHANNEL_WEBHOOK);
      assertThat(d.getAddress()).isEqualTo("127.0.0.1");
      assertThat(crm.requests()).hasSize(1);
      FakeProvider.Request post = crm.requests().get(0);
      assertThat(post.path()).isEqualTo("/hooks/leadrouter");
      assertThat(post.query().get("key")).isEqualTo("k-123");
      assertThat(post.header("X-Leadrouter-Delivery-Id")).isEqualTo(d.getDeliveryId());
      JsonObject event = post.json();
      assertThat(event.getString("event_id")).isEqualTo(d.getDeliveryId());
      assertThat(event.getString("type")).isEqualTo("new_lead");
      assertThat(event.getString("assignment_id")).isEqualTo(request.getAssignmentId());
      assertThat(event.getString("sla_deadline")).isEqualTo("2026-01-01T10:00:00Z");
      assertThat(event.getJsonObject("lead").getJsonObject("contact").getString("firstName"))
          .isEqualTo("Grace");
      assertThat(event.getJsonObject("assignment").getString("ruleId")).isEqualTo("us-enterprise");
    }
  }

  @Test
  void receiverRefusingTheSignatureFailsTheDeliveryAtOnce() {
    try (FakeProvider crm = FakeProvider.start(WebhookChannelTest::verifying);
        RunningNotify service =
            start(crm, Map.of("NOTIFY_WEBHOOK_SECRET", "another-secret-0123456"))) {
      NotifyRequest request =
          TestRequests.newLead("hook2@sales.example").toBuilder()
              .addChannels(CHANNEL_WEBHOOK)
              .build();
      service.call(NotifyServiceGrpcClient.Notify, request);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(),
              CHANNEL_WEBHOOK,
              DELIVERY_STATUS_FAILED,
              Duration.ofSeconds(10));

      assertThat(d.getAttempts()).isEqualTo(1);
      assertThat(d.getLastError()).isEqualTo("webhook answered HTTP 401");
    }
  }

  @Test
  void failingReceiverIsRetriedThenDeadLetteredWithTheReason() {
    try (FakeProvider crm = FakeProvider.start(r -> Reply.text(502, "bad gateway"));
        RunningNotify service = start(crm, Map.of("NOTIFY_MAX_ATTEMPTS", "3"))) {
      NotifyRequest request =
          TestRequests.newLead("hook3@sales.example").toBuilder()
              .addChannels(CHANNEL_WEBHOOK)
              .build();
      service.call(NotifyServiceGrpcClient.Notify, request);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(),
              CHANNEL_WEBHOOK,
              DELIVERY_STATUS_DEAD_LETTER,
              Duration.ofSeconds(15));

      assertThat(d.getAttempts()).isEqualTo(3);
      assertThat(d.getLastError()).isEqualTo("webhook answered HTTP 502");
      assertThat(d.hasNextAttemptAt()).isFalse();
      assertThat(crm.requests()).hasSize(3);
      assertThat(
              service
                  .call(
                      NotifyServiceGrpcClient.ListDeadLetters,
                      ListDeadLettersRequest.getDefaultInstance())
                  .getDeliveriesList())
          .extracting(Delivery::getDeliveryId)
          .contains(d.getDeliveryId());
    }
  }
}
