package dev.leadrouter.notify;

import static dev.leadrouter.v1.Channel.CHANNEL_SMS;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_FAILED;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.FakeProvider.Reply;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SMS over a local Twilio-compatible API that checks path, form fields and Basic auth, keeps the
 * messages it accepted and lists them like Twilio, so "was it accepted after all?" is answered
 * truthfully.
 */
class SmsChannelTest {
  static final String SID = "AC0123456789abcdef";
  static final String TOKEN = "twilio-auth-token-123";
  static final String FROM = "+15005550006";
  private static final String PATH = "/2010-04-01/Accounts/" + SID + "/Messages.json";

  /** A Twilio stand-in: accepted messages are kept and listed newest first. */
  static final class FakeTwilio {
    final List<JsonObject> accepted = new ArrayList<>();

    /** Numbers that unsubscribed from our sender: Twilio refuses them with error 21610. */
    final java.util.Set<String> unsubscribed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The number a Messaging Service picks from its pool. */
    static final String POOL_NUMBER = "+15005550007";

    final FakeProvider http = FakeProvider.start(this::answer);

    /** How long a send takes to be answered (it is accepted at once). */
    volatile long sendDelayMillis;

    synchronized Reply answer(FakeProvider.Request r) {
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
      if (!r.path().equals(PATH)) {
        return Reply.json(
            404, "{\"code\":20404,\"message\":\"The requested resource was not found\"}");
      }
      if (!basic.equals(r.header("Authorization"))) {
        return Reply.json(401, "{\"code\":20003,\"message\":\"Authenticate\"}");
      }
      if (r.method().equals("GET")) {
        JsonArray list = new JsonArray();
        for (int i = accepted.size() - 1; i >= 0; i--) {
          JsonObject m = accepted.get(i);
          String from = r.query().get("From");
          if (m.getString("to").equals(r.query().get("To"))
              && (from == null || m.getString("from").equals(from))) {
            list.add(m);
          }
        }
        return Reply.json(200, new JsonObject().put("messages", list).encode());
      }
      var form = r.form();
      if ((form.get("From") == null) == (form.get("MessagingServiceSid") == null)) {
        return Reply.json(
            400,
            "{\"code\":21603,\"message\":\"A 'From' or 'MessagingServiceSid' parameter is required\"}");
      }
      if (unsubscribed.contains(form.get("To"))) {
        return Reply.json(
            400, "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\"}");
      }
      return Reply.json(201, accept(r).encode()).after(sendDelayMillis);
    }

    synchronized JsonObject accept(FakeProvider.Request r) {
      var form = r.form();
      JsonObject m =
          new JsonObject()
              .put("sid", "SM" + UUID.randomUUID().toString().replace("-", ""))
              .put("to", form.get("To"))
              .put("from", form.get("From") != null ? form.get("From") : POOL_NUMBER)
              .put("body", form.get("Body"))
              .put("status", "queued")
              .put(
                  "date_created", ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
      accepted.add(m);
      return m;
    }

    synchronized List<JsonObject> accepted() {
      return List.copyOf(accepted);
    }
  }

  static RunningNotify start(FakeTwilio twilio, Map<String, String> extra) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "NOTIFY_TWILIO_ACCOUNT_SID",
                SID,
                "NOTIFY_TWILIO_AUTH_TOKEN",
                TOKEN,
                "NOTIFY_TWILIO_FROM",
                FROM,
                "NOTIFY_TWILIO_API_BASE",
                twilio.http.url(""),
                "NOTIFY_SMS_RATE",
                "100",
                "NOTIFY_HTTP_TIMEOUT",
                "400ms",
                "LEADROUTER_OUTBOX_LEASE",
                "10s"));
    env.putAll(extra);
    return RunningNotify.start(RunningNotify.freePort(), env);
  }

  static NotifyRequest smsLead(String phone) {
    NotifyRequest base = TestRequests.newLead("sms@sales.example");
    return base.toBuilder()
        .setRecipients(
            0,
            base.getRecipients(0).toBuilder()
                .setPhone(phone)
                .addNotificationChannels("new_lead:sms"))
        .build();
  }

  @Test
  void smsIsFormEncodedWithBasicAuthAndCarriesTheDeliveryMarker() {
    FakeTwilio twilio = new FakeTwilio();
    try (twilio.http;
        RunningNotify service = start(twilio, Map.of())) {
      NotifyRequest request = smsLead("+14155550100");
      Delivery created = service.call(NotifyServiceGrpcClient.Notify, request).getDeliveries(0);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));

      assertThat(created.getChannel())
          .as("the rep's per-kind preference chose SMS")
          .isEqualTo(CHANNEL_SMS);
      assertThat(d.getAddress()).isEqualTo("+14155550100");
      FakeProvider.Request post = twilio.http.requests().get(0);
      assertThat(post.method()).isEqualTo("POST");
      assertThat(post.path()).isEqualTo(PATH);
      assertThat(post.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
      assertThat(post.form().get("To")).isEqualTo("+14155550100");
      assertThat(post.form().get("From")).isEqualTo(FROM);
      assertThat(post.form().get("Body"))
          .startsWith("New lead: Grace Hopper, Acme Compilers, +14155550123.")
          .contains("Respond by Thu 11:00 CET", "I'm on it: https://leads.example.com/ack/abc")
          .endsWith("[ref " + d.getDeliveryId().substring(0, 8) + "]");
      assertThat(twilio.accepted()).hasSize(1);
    }
  }

  @Test
  void messageAcceptedBeforeA500IsFoundAndNotSentAgain() {
    FakeTwilio twilio = new FakeTwilio();
    try (twilio.http;
        RunningNotify service = start(twilio, Map.of())) {
      twilio.http.thenAnswer(
          r -> {
            twilio.accept(r);
            return Reply.json(500, "{\"code\":20500,\"message\":\"Internal Server Error\"}");
          });
      NotifyRequest request = smsLead("+14155550101");
      service.call(NotifyServiceGrpcClient.Notify, request);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));

      assertThat(d.getAttempts()).isEqualTo(2);
      assertThat(twilio.accepted()).hasSize(1);
      assertThat(twilio.http.requests("POST")).hasSize(1);
      FakeProvider.Request lookUp = twilio.http.requests("GET").get(0);
      assertThat(lookUp.query().get("To")).isEqualTo("+14155550101");
      assertThat(lookUp.query().get("From")).isEqualTo(FROM);
    }
  }

  @Test
  void messageAcceptedBehindATimeoutIsFoundAndNotSentAgain() {
    FakeTwilio twilio = new FakeTwilio();
    try (twilio.http;
        RunningNotify service = start(twilio, Map.of())) {
      twilio.http.thenAnswer(r -> Reply.json(201, twilio.accept(r).encode()).after(1500));
      NotifyRequest request = smsLead("+14155550102");
      service.call(NotifyServiceGrpcClient.Notify, request);

      service.awaitDelivery(
          request.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));

      assertThat(twilio.accepted()).hasSize(1);
      assertThat(twilio.http.requests("POST")).hasSize(1);
      assertThat(twilio.http.requests("GET")).hasSize(1);
    }
  }

  @Test
  void messageRefusedWithA503IsSentAgainAfterTheCheck() {
    FakeTwilio twilio = new FakeTwilio();
    try (twilio.http;
        RunningNotify service = start(twilio, Map.of())) {
      twilio.http.thenAnswer(
          Reply.json(503, "{\"code\":20503,\"message\":\"Service Unavailable\"}"));
      NotifyRequest request = smsLead("+14155550103");
      service.call(NotifyServiceGrpcClient.Notify, request);

      service.awaitDelivery(
          request.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));

      assertThat(twilio.accepted()).hasSize(1);
      assertThat(twilio.http.requests())
          .extracting(FakeProvider.Request::method)
          .containsExactly("POST", "GET", "POST");
    }
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfterWithoutALookUp() {
    FakeTwilio twilio = new FakeTwilio();
    try (twilio.http;
        RunningNotify service = start(twilio, Map.of())) {
      twilio.http.thenAnswer(
          Reply.json(429, "{\"code\":20429,\"message\":\"Too Many Requests\"}")
              .withHeader("Retry-After", "1"));
      NotifyRequest request = smsLead("+14155550104");
      service.call(NotifyServiceGrpcClient.Notify, request);

      service.awaitDelivery(
          request.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));

      List<FakeProvider.Request> calls = twilio.http.requests();
      assertThat(calls).extracting(FakeProvider.Request::method).containsExactly("POST", "POST");
      assertThat((calls.get(1).receivedAtNanos() - calls.get(0).receivedAtNanos()) / 1_000_000)
          .isGreaterThanOrEqualTo(1000);
    }
  }

  @Test
  void invalidNumberFailsAtOnceWithoutTheNumberInTheError() {
    FakeTwilio twilio = new FakeTwilio();
    try (twilio.http;
        RunningNotify service = start(twilio, Map.of())) {
      twilio.http.thenAnswer(
          Reply.json(
              400,
              "{\"code\":21211,\"message\":\"The 'To' number +14155550105 is not a valid phone number.\",\"status\":400}"));
      NotifyRequest request = smsLead("+14155550105");
      service.call(NotifyServiceGrpcClient.Notify, request);

      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(),
              CHANNEL_SMS,
              DELIVERY_STATUS_FAILED,
              Duration.ofSeconds(10));

      assertThat(d.getAttempts()).isEqualTo(1);
      assertThat(d.getLastError())
          .contains("HTTP 400", "21211", "<number>")
          .doesNotContain("4155550105");
      assertThat(twilio.http.requests()).hasSize(1);
    }
  }

  @Test
  void wrongCredentialsPauseSmsInsteadOfFailingTheMessage() {
    FakeTwilio twilio = new FakeTwilio();
    try (twilio.http;
        RunningNotify service = start(twilio, Map.of("NOTIFY_TWILIO_AUTH_TOKEN", "wrong-token"))) {
      NotifyRequest request = smsLead("+14155550106");
      service.call(NotifyServiceGrpcClient.Notify, request);

      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> service.channelPaused("twilio") == 1.0);
      Delivery d =
          service.awaitDelivery(
              request.getAssignmentId(),
              CHANNEL_SMS,
              DeliveryStatus.DELIVERY_STATUS_RETRYING,
              Duration.ofSeconds(5));

      assertThat(d.getLastError())
          .startsWith("held, channel twilio paused: SMS API answered HTTP 401")
          .doesNotContain("wrong-token");
      assertThat(twilio.accepted()).isEmpty();
    }
  }
}
