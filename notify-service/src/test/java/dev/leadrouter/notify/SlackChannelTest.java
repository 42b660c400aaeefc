package dev.leadrouter.notify;

import static dev.leadrouter.v1.Channel.CHANNEL_SLACK;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_FAILED;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.FakeProvider.Reply;
import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Slack over real HTTP: a local server checks the Web API and incoming-webhook formats and
 * credentials.
 */
class SlackChannelTest {
  private static final String TOKEN = "xoxb-1234-test-token";
  private static final String ACK_SECRET = "ack-secret-0123456789";

  /** Answers like chat.postMessage: checks the bearer token, then says ok. */
  private static Reply postMessage(FakeProvider.Request r) {
    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      return Reply.json(200, "{\"ok\":false,\"error\":\"invalid_auth\"}");
    }
    return Reply.json(200, "{\"ok\":true,\"channel\":\"D024BE91L\",\"ts\":\"1503435956.000247\"}");
  }

  private static RunningNotify start(FakeProvider slack, Map<String, String> extra) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "NOTIFY_SLACK_BOT_TOKEN",
                TOKEN,
                "NOTIFY_SLACK_API_BASE",
                slack.url("/api"),
                "NOTIFY_SLACK_CHANNEL_RATE",
                "100",
                "NOTIFY_HTTP_TIMEOUT",
                "1s",
                "LEADROUTER_OUTBOX_LEASE",
                "10s",
                "LEADROUTER_ACK_SECRET",
                ACK_SECRET,
                "NOTIFY_ACK_BASE_URL",
                "http://localhost:8104"));
    env.putAll(extra);
    return RunningNotify.start(RunningNotify.freePort(), env);
  }

  private static NotifyRequest slackLead(String memberId) {
    NotifyRequest base =
        TestRequests.newLead(
            "slack-" + UUID.randomUUID().toString().substring(0, 8) + "@sales.example");
    return base.toBuilder()
        .clearAckUrl()
        .setRecipients(0, base.getRecipients(0).toBuilder().setSlackUserId(memberId))
        .addChannels(CHANNEL_SLACK)
        .build();
  }

  @Test
  void directMessageGoesThroughChatPostMessageWithBotTokenAndBlockKit() {
    try (FakeProvider slack = FakeProvider.start(SlackChannelTest::postMessage);
        RunningNotify service = start(slack, Map.of())) {
      NotifyRequest request = slackLead("U024BE7LH");
      service.call(NotifyServiceGrpcClient.Notify, request);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(),
              CHANNEL_SLACK,
              DELIVERY_STATUS_SENT,
              Duration.ofSeconds(10));

      assertThat(d.getAttempts()).isEqualTo(1);
      assertThat(d.getAddress()).isEqualTo("U024BE7LH");
      FakeProvider.Request call = slack.requests().get(0);
      assertThat(call.method()).isEqualTo("POST");
      assertThat(call.path()).isEqualTo("/api/chat.postMessage");
      assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(call.header("Content-Type")).startsWith("application/json");
      JsonObject body = call.json();
      assertThat(body.getString("channel")).isEqualTo("U024BE7LH");
      assertThat(body.getString("text")).startsWith("New lead: Grace Hopper, Acme Compilers");
      JsonArray blocks = body.getJsonArray("blocks");
      assertThat(blocks.getJsonObject(0).getString("type")).isEqualTo("header");
      assertThat(blocks.encode())
          .contains(
              "Rule us-enterprise matched",
              "us-east",
              "Thu 1 Jan 2026, 11:00 CET",
              "website-contact-form");
      JsonObject button =
          blocks.getJsonObject(blocks.size() - 1).getJsonArray("elements").getJsonObject(0);
      String url = button.getString("url");
      assertThat(url).startsWith("http://localhost:8104/v1/ack?token=");
      String token =
          URLDecoder.decode(
              URI.create(url).getRawQuery().substring("token=".length()), StandardCharsets.UTF_8);
      AckToken.Claims claims = new AckToken(ACK_SECRET, Clock.systemUTC()).redeem(token);
      assertThat(claims.assignmentId()).isEqualTo(request.getAssignmentId());
      assertThat(claims.repId()).isEqualTo("ana");
    }
  }

  @Test
  void slackErrorsInOkFalseBodiesArePermanentOrRetriedByKind() {
    try (FakeProvider slack = FakeProvider.start(SlackChannelTest::postMessage);
        RunningNotify service = start(slack, Map.of())) {
      slack.thenAnswer(Reply.json(200, "{\"ok\":false,\"error\":\"channel_not_found\"}"));
      NotifyRequest gone = slackLead("U0GONE000");
      service.call(NotifyServiceGrpcClient.Notify, gone);
      Delivery failed =
          service.awaitDelivery(
              gone.getAssignmentId(),
              CHANNEL_SLACK,
              DELIVERY_STATUS_FAILED,
              Duration.ofSeconds(10));
      assertThat(failed.getAttempts()).isEqualTo(1);
      assertThat(failed.getLastError()).isEqualTo("Slack chat.postMessage error channel_not_found");

      slack
          .thenAnswer(Reply.json(200, "{\"ok\":false,\"error\":\"ratelimited\"}"))
          .thenAnswer(Reply.text(500, "rollup_error"));
      NotifyRequest busy = slackLead("U0BUSY000");
      service.call(NotifyServiceGrpcClient.Notify, busy);
      Delivery sent =
          service.awaitDelivery(
              busy.getAssignmentId(), CHANNEL_SLACK, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));
      assertThat(sent.getAttempts()).isEqualTo(3);
      assertThat(slack.requests()).hasSize(4);
    }
  }

  @Test
  void revokedBotTokenPausesSlackUntilItIsAcceptedAgain() {
    java.util.concurrent.atomic.AtomicBoolean revoked =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    try (FakeProvider slack =
            FakeProvider.start(
                r ->
                    revoked.get()
                        ? Reply.json(200, "{\"ok\":false,\"error\":\"token_revoked\"}")
                        : postMessage(r));
        RunningNotify service = start(slack, Map.of("NOTIFY_PAUSE_PROBE_INTERVAL", "1s"))) {
      NotifyRequest request = slackLead("U024BE7LH");
      service.call(NotifyServiceGrpcClient.Notify, request);

      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> service.channelPaused("slack-bot") == 1.0);
      assertThat(
              service
                  .awaitDelivery(
                      request.getAssignmentId(),
                      CHANNEL_SLACK,
                      dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_RETRYING,
                      Duration.ofSeconds(5))
                  .getLastError())
          .isEqualTo("held, channel slack-bot paused: Slack chat.postMessage error token_revoked");

      revoked.set(false); // the app is reinstalled with the same token
      service.awaitDelivery(
          request.getAssignmentId(), CHANNEL_SLACK, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));
      assertThat(service.channelPaused("slack-bot")).isZero();
    }
  }

  @Test
  void aRepsWebhookOutsideTheAllowedHostsIsNeverCalled() {
    try (FakeProvider slack = FakeProvider.start(r -> Reply.text(200, "ok"));
        RunningNotify service = start(slack, Map.of())) {
      NotifyRequest base = slackLead("U024BE7LH");
      NotifyRequest request =
          base.toBuilder()
              .setRecipients(
                  0,
                  base.getRecipients(0).toBuilder()
                      .setSlackWebhookUrl(slack.url("/internal").replace("http://", "https://")))
              .build();
      service.call(NotifyServiceGrpcClient.Notify, request);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(),
              CHANNEL_SLACK,
              DELIVERY_STATUS_FAILED,
              Duration.ofSeconds(10));

      assertThat(d.getLastError()).startsWith("Slack webhook URL refused");
      assertThat(slack.requests()).isEmpty();
    }
  }

  @Test
  void webhookWaitsAsRetryAfterSaysAndIsRateLimitedToOnePerSecond() {
    try (FakeProvider slack = FakeProvider.start(r -> Reply.text(200, "ok"));
        RunningNotify service =
            start(
                slack,
                Map.of(
                    "NOTIFY_SLACK_BOT_TOKEN",
                    "",
                    "NOTIFY_SLACK_WEBHOOK_URL",
                    slack.url("/services/T000/B000/XXXX")))) {
      slack.thenAnswer(Reply.text(429, "rate_limited").withHeader("Retry-After", "2"));
      List<NotifyRequest> requests =
          List.of(slackLead("U0000000A"), slackLead("U0000000B"), slackLead("U0000000C"));
      requests.forEach(r -> service.call(NotifyServiceGrpcClient.Notify, r));

      requests.forEach(
          r ->
              service.awaitDelivery(
                  r.getAssignmentId(),
                  CHANNEL_SLACK,
                  DELIVERY_STATUS_SENT,
                  Duration.ofSeconds(20)));

      List<FakeProvider.Request> posts = slack.requests();
      assertThat(posts)
          .hasSize(4)
          .allSatisfy(
              p -> {
                assertThat(p.path()).isEqualTo("/services/T000/B000/XXXX");
                assertThat(p.json().getJsonArray("blocks")).isNotEmpty();
                assertThat(p.json().getJsonArray("blocks").encode()).contains("<@U000000");
              });
      // The deployment webhook is one endpoint: about one post per second. Tokens are taken before
      // the
      // delivery is marked SENDING, so a gap on the wire can be shorter by that database round
      // trip.
      for (int i = 1; i < posts.size(); i++) {
        long gapMillis =
            (posts.get(i).receivedAtNanos() - posts.get(i - 1).receivedAtNanos()) / 1_000_000;
        assertThat(gapMillis).as("gap before post %d", i).isGreaterThanOrEqualTo(700);
      }
      assertThat((posts.get(3).receivedAtNanos() - posts.get(0).receivedAtNanos()) / 1_000_000)
          .isGreaterThanOrEqualTo(2700);
      // The delivery that got the 429 was not tried again before its Retry-After.
      String refused =
          posts
              .get(0)
              .json()
              .getJsonArray("blocks")
              .encode()
              .replaceAll(".*<@(U[0-9A-Z]+)>.*", "$1");
      FakeProvider.Request retry =
          posts.stream()
              .skip(1)
              .filter(p -> p.json().getJsonArray("blocks").encode().contains("<@" + refused + ">"))
              .findFirst()
              .orElseThrow();
      assertThat((retry.receivedAtNanos() - posts.get(0).receivedAtNanos()) / 1_000_000)
          .isGreaterThanOrEqualTo(2000);
    }
  }

  @Test
  void slowAnswerTimesOutAndIsRetried() {
    try (FakeProvider slack = FakeProvider.start(SlackChannelTest::postMessage);
        RunningNotify service = start(slack, Map.of("NOTIFY_HTTP_TIMEOUT", "400ms"))) {
      slack.thenAnswer(r -> postMessage(r).after(1500));
      NotifyRequest request = slackLead("U0SLOW000");
      service.call(NotifyServiceGrpcClient.Notify, request);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(),
              CHANNEL_SLACK,
              DELIVERY_STATUS_SENT,
              Duration.ofSeconds(10));

      assertThat(d.getAttempts()).isEqualTo(2);
      assertThat(slack.requests()).hasSize(2);
    }
  }
}
