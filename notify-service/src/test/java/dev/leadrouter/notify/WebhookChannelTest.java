package dev.leadrouter.notify;

import static dev.leadrouter.v1.Channel.CHANNEL_WEBHOOK;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.FakeProvider.Reply;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.ListDeadLettersRequest;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyResponse;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The CRM webhook over real HTTP; the receiver verifies it as the Standard Webhooks specification
 * says a receiver must (its own implementation here, holding one secret, as a CRM would).
 */
class WebhookChannelTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String NEXT_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

  /** A receiver that refuses anything not signed with its (current) secret, or stale. */
  static final class Receiver {
    final AtomicReference<String> secret = new AtomicReference<>(SECRET);

    Reply answer(FakeProvider.Request r) {
      return verifies(secret.get(), r)
          ? Reply.text(204, "")
          : Reply.json(401, "{\"error\":\"bad signature\"}");
    }
  }

  /** Standard Webhooks verification: any v1 signature of "id.timestamp.body" under the secret. */
  static boolean verifies(String secret, FakeProvider.Request r) {
    String id = r.header("webhook-id");
    String timestamp = r.header("webhook-timestamp");
    String signatures = r.header("webhook-signature");
    if (id == null || timestamp == null || signatures == null) {
      return false;
    }
    long ts = Long.parseLong(timestamp);
    if (Math.abs(Instant.now().getEpochSecond() - ts) > 300) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
      byte[] expected =
          Base64.getEncoder()
              .encode(
                  mac.doFinal(
                      (id + "." + timestamp + "." + r.body().toString(StandardCharsets.UTF_8))
                          .getBytes(StandardCharsets.UTF_8)));
      for (String candidate : signatures.split(" ")) {
        String[] parts = candidate.split(",", 2);
        if (parts.length == 2
            && parts[0].equals("v1")
            && MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII))) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      throw new AssertionError(e);
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
    Receiver receiver = new Receiver();
    try (FakeProvider crm = FakeProvider.start(receiver::answer);
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
      assertThat(post.header("webhook-id")).isEqualTo("msg_" + d.getDeliveryId());
      assertThat(post.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
      assertThat(verifies(SECRET, post)).isTrue();
      assertThat(verifies(NEXT_SECRET, post)).as("a secret we do not hold").isFalse();
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
  void duringRotationEachEventVerifiesUnderTheOldAndTheNewSecret() {
    Receiver receiver = new Receiver();
    try (FakeProvider crm = FakeProvider.start(receiver::answer);
        RunningNotify service =
            start(
                crm,
                Map.of(
                    "NOTIFY_WEBHOOK_SECRET",
                    NEXT_SECRET,
                    "NOTIFY_WEBHOOK_SECRET_PREVIOUS",
                    SECRET))) {
      NotifyRequest first = webhookLead("rot1@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, first);
      service.awaitDelivery(
          first.getAssignmentId(), CHANNEL_WEBHOOK, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));

      receiver.secret.set(NEXT_SECRET); // the CRM moves to the new secret
      NotifyRequest second = webhookLead("rot2@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, second);
      service.awaitDelivery(
          second.getAssignmentId(), CHANNEL_WEBHOOK, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));

      assertThat(crm.requests())
          .hasSize(2)
          .allSatisfy(
              post -> {
                assertThat(post.header("webhook-signature").split(" ")).hasSize(2);
                assertThat(verifies(SECRET, post)).isTrue();
                assertThat(verifies(NEXT_SECRET, post)).isTrue();
              });
    }
  }

  @Test
  void receiverRefusingOurSignaturePausesTheChannelUntilTheSecretsAgree() throws Exception {
    Receiver receiver = new Receiver();
    receiver.secret.set(NEXT_SECRET); // the CRM was given a secret we do not have yet
    try (FakeProvider crm = FakeProvider.start(receiver::answer);
        RunningNotify service =
            start(crm, Map.of("NOTIFY_PAUSE_PROBE_INTERVAL", "1s", "NOTIFY_MAX_ATTEMPTS", "2"))) {
      NotifyRequest first = webhookLead("held1@sales.example");
      NotifyRequest second = webhookLead("held2@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, first);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> service.channelPaused("webhook") == 1.0);
      service.call(NotifyServiceGrpcClient.Notify, second);

      // Held, not failed: more probes than NOTIFY_MAX_ATTEMPTS go by without a dead letter, and
      // the second event is never sent while the channel is paused (only probes go out).
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> crm.requests().size() >= 4);
      // Between probes (a probe is SENDING for a few milliseconds) it is held, not failed.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(first.getAssignmentId()))
                      .singleElement()
                      .satisfies(
                          d -> {
                            assertThat(d.getStatus())
                                .isEqualTo(
                                    dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_RETRYING);
                            assertThat(d.getLastError()).startsWith("held, channel webhook paused");
                          }));
      List<FakeProvider.Request> probes = crm.requests();
      assertThat((probes.get(3).receivedAtNanos() - probes.get(0).receivedAtNanos()) / 1_000_000)
          .as("one probe per NOTIFY_PAUSE_PROBE_INTERVAL, whichever delivery it is")
          .isGreaterThanOrEqualTo(2500);

      receiver.secret.set(SECRET); // the operator fixes the secret at the receiver
      service.awaitDelivery(
          first.getAssignmentId(), CHANNEL_WEBHOOK, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));
      service.awaitDelivery(
          second.getAssignmentId(), CHANNEL_WEBHOOK, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));
      assertThat(service.channelPaused("webhook")).isZero();
    }
  }

  private static NotifyRequest webhookLead(String email) {
    return TestRequests.newLead(email).toBuilder().addChannels(CHANNEL_WEBHOOK).build();
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
