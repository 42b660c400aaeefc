package dev.leadrouter.notify;

import static dev.leadrouter.v1.Channel.CHANNEL_SMS;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_DELIVERED;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_FAILED;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_SENT;
import static dev.leadrouter.v1.DeliveryStatus.DELIVERY_STATUS_UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.SmsChannelTest.FakeTwilio;
import dev.leadrouter.notify.sms.TwilioSignature;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What happens after Twilio accepted an SMS, and who must never get one: signed status callbacks,
 * STOP replies and error 21610 feeding the suppression list, Messaging Services, and one rate limit
 * across replicas. Twilio is a local fake that checks the documented request format; the test plays
 * Twilio's side of the callbacks, signing them as Twilio documents.
 */
class SmsCarrierTest {
  private static final String SERVICE_SID = "MG" + "0123456789abcdef".repeat(2);

  private static final class Callbacks {
    final int port = RunningNotify.freePort();
    final String base = "http://127.0.0.1:" + port;

    Map<String, String> settings() {
      return Map.of("NOTIFY_HTTP_PORT", Integer.toString(port), "NOTIFY_PUBLIC_BASE_URL", base);
    }
  }

  /** Posts a form as Twilio would, signed with {@code token} (null = no signature header). */
  private static int twilioPosts(
      RunningNotify service, String url, Map<String, String> fields, String token) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    Map<String, List<String>> params = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          form.add(k, v);
          params.put(k, List.of(v));
        });
    WebClient client = WebClient.create(service.vertx);
    try {
      var request = client.postAbs(url);
      if (token != null) {
        request.putHeader("X-Twilio-Signature", new TwilioSignature(token).sign(url, params));
      }
      HttpResponse<Buffer> response = RunningNotify.await(request.sendForm(form));
      return response.statusCode();
    } finally {
      client.close();
    }
  }

  @Test
  void statusCallbackMarksTheDeliveryUndeliveredOnlyWhenSignedByTwilio() {
    FakeTwilio twilio = new FakeTwilio();
    Callbacks callbacks = new Callbacks();
    try (twilio.http;
        RunningNotify service = SmsChannelTest.start(twilio, callbacks.settings())) {
      NotifyRequest request = SmsChannelTest.smsLead("+14155550101");
      service.call(NotifyServiceGrpcClient.Notify, request);
      service.awaitDelivery(
          request.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));
      FakeProvider.Request post = twilio.http.requests("POST").get(0);
      String statusCallback = post.form().get("StatusCallback");
      assertThat(statusCallback).isEqualTo(callbacks.base + "/v1/twilio/status");
      String sid = twilio.accepted().get(0).getString("sid");
      Map<String, String> undelivered =
          Map.of(
              "MessageSid", sid,
              "MessageStatus", "undelivered",
              "ErrorCode", "30003",
              "AccountSid", SmsChannelTest.SID,
              "To", "+14155550101");

      assertThat(twilioPosts(service, statusCallback, undelivered, null)).isEqualTo(403);
      assertThat(twilioPosts(service, statusCallback, undelivered, "not-the-token")).isEqualTo(403);
      assertThat(service.deliveriesOfAssignment(request.getAssignmentId()).get(0).getStatus())
          .as("an unsigned callback changes nothing")
          .isEqualTo(DELIVERY_STATUS_SENT);

      assertThat(twilioPosts(service, statusCallback, undelivered, SmsChannelTest.TOKEN))
          .isEqualTo(204);
      Delivery d = service.deliveriesOfAssignment(request.getAssignmentId()).get(0);
      assertThat(d.getStatus()).isEqualTo(DELIVERY_STATUS_UNDELIVERED);
      assertThat(d.getLastError()).isEqualTo("carrier reported undelivered, error 30003");
    }
  }

  @Test
  void deliveredCallbackMarksTheDeliveryDelivered() {
    FakeTwilio twilio = new FakeTwilio();
    Callbacks callbacks = new Callbacks();
    try (twilio.http;
        RunningNotify service = SmsChannelTest.start(twilio, callbacks.settings())) {
      NotifyRequest request = SmsChannelTest.smsLead("+14155550102");
      service.call(NotifyServiceGrpcClient.Notify, request);
      service.awaitDelivery(
          request.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));
      String sid = twilio.accepted().get(0).getString("sid");

      int status =
          twilioPosts(
              service,
              callbacks.base + "/v1/twilio/status",
              Map.of("MessageSid", sid, "MessageStatus", "delivered"),
              SmsChannelTest.TOKEN);

      assertThat(status).isEqualTo(204);
      assertThat(service.deliveriesOfAssignment(request.getAssignmentId()).get(0).getStatus())
          .isEqualTo(DELIVERY_STATUS_DELIVERED);
    }
  }

  @Test
  void aSuppressedNumberIsNeverSentTo() {
    FakeTwilio twilio = new FakeTwilio();
    Callbacks callbacks = new Callbacks();
    String stopped = "+14155550103";
    String unsubscribed = "+14155550104";
    twilio.unsubscribed.add(unsubscribed);
    try (twilio.http;
        RunningNotify service = SmsChannelTest.start(twilio, callbacks.settings())) {
      // The rep replied STOP to our number.
      assertThat(
              twilioPosts(
                  service,
                  callbacks.base + "/v1/twilio/inbound",
                  Map.of("From", stopped, "To", SmsChannelTest.FROM, "Body", "Stop "),
                  SmsChannelTest.TOKEN))
          .isEqualTo(200);
      NotifyRequest toStopped = SmsChannelTest.smsLead(stopped);
      service.call(NotifyServiceGrpcClient.Notify, toStopped);
      Delivery refused =
          service.awaitDelivery(
              toStopped.getAssignmentId(),
              CHANNEL_SMS,
              DELIVERY_STATUS_FAILED,
              Duration.ofSeconds(10));
      assertThat(refused.getLastError()).contains("suppression list");

      // Twilio refuses the other number with 21610: it joins the list after one try.
      NotifyRequest first = SmsChannelTest.smsLead(unsubscribed);
      service.call(NotifyServiceGrpcClient.Notify, first);
      assertThat(
              service
                  .awaitDelivery(
                      first.getAssignmentId(),
                      CHANNEL_SMS,
                      DELIVERY_STATUS_FAILED,
                      Duration.ofSeconds(10))
                  .getLastError())
          .contains("21610");
      NotifyRequest again = SmsChannelTest.smsLead(unsubscribed);
      service.call(NotifyServiceGrpcClient.Notify, again);
      service.awaitDelivery(
          again.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_FAILED, Duration.ofSeconds(10));

      List<String> postedTo = new ArrayList<>();
      twilio.http.requests("POST").forEach(p -> postedTo.add(p.form().get("To")));
      assertThat(postedTo).doesNotContain(stopped).containsExactly(unsubscribed);

      // START lifts the suppression.
      twilioPosts(
          service,
          callbacks.base + "/v1/twilio/inbound",
          Map.of("From", stopped, "To", SmsChannelTest.FROM, "Body", "START"),
          SmsChannelTest.TOKEN);
      NotifyRequest afterStart = SmsChannelTest.smsLead(stopped);
      service.call(NotifyServiceGrpcClient.Notify, afterStart);
      service.awaitDelivery(
          afterStart.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));
    }
  }

  @Test
  void aMessagingServiceSendsInsteadOfAFixedNumber() {
    FakeTwilio twilio = new FakeTwilio();
    try (twilio.http;
        RunningNotify service =
            SmsChannelTest.start(
                twilio,
                Map.of(
                    "NOTIFY_TWILIO_FROM",
                    "",
                    "NOTIFY_TWILIO_MESSAGING_SERVICE_SID",
                    SERVICE_SID))) {
      NotifyRequest request = SmsChannelTest.smsLead("+14155550105");
      service.call(NotifyServiceGrpcClient.Notify, request);
      service.awaitDelivery(
          request.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(10));

      MultiMap form = twilio.http.requests("POST").get(0).form();
      assertThat(form.get("MessagingServiceSid")).isEqualTo(SERVICE_SID);
      assertThat(form.contains("From")).isFalse();
      assertThat(form.contains("StatusCallback")).as("no public address configured").isFalse();
    }
  }

  @Test
  void twoReplicasShareOneRateLimit() throws Exception {
    FakeTwilio twilio = new FakeTwilio();
    String db = TestDatabase.newDatabase();
    Map<String, String> settings =
        new java.util.HashMap<>(
            Map.of(
                "NOTIFY_TWILIO_ACCOUNT_SID",
                SmsChannelTest.SID,
                "NOTIFY_TWILIO_AUTH_TOKEN",
                SmsChannelTest.TOKEN,
                "NOTIFY_TWILIO_FROM",
                SmsChannelTest.FROM,
                "NOTIFY_TWILIO_API_BASE",
                twilio.http.url(""),
                "NOTIFY_SMS_RATE",
                "2",
                "NOTIFY_SMS_BURST",
                "1",
                "NOTIFY_MAX_RATE_WAIT",
                "100ms",
                "LEADROUTER_OUTBOX_BATCH_SIZE",
                "1"));
    try (twilio.http;
        RunningNotify a = RunningNotify.start(db, RunningNotify.freePort(), settings);
        RunningNotify b = RunningNotify.start(db, RunningNotify.freePort(), settings)) {
      List<NotifyRequest> requests = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        NotifyRequest r = SmsChannelTest.smsLead("+1415555020" + i);
        requests.add(r);
        (i % 2 == 0 ? a : b).call(NotifyServiceGrpcClient.Notify, r);
      }
      for (NotifyRequest r : requests) {
        a.awaitDelivery(
            r.getAssignmentId(), CHANNEL_SMS, DELIVERY_STATUS_SENT, Duration.ofSeconds(20));
      }

      // Two messages a second from one sender, whichever replica sends: at least ~500 ms between
      // consecutive posts (less the database round trip between the token and the post).
      List<FakeProvider.Request> posts = twilio.http.requests("POST");
      assertThat(posts).hasSize(6);
      for (int i = 1; i < posts.size(); i++) {
        long gap =
            (posts.get(i).receivedAtNanos() - posts.get(i - 1).receivedAtNanos()) / 1_000_000;
        assertThat(gap).as("gap before post %d", i).isGreaterThanOrEqualTo(350);
      }
      assertThat((posts.get(5).receivedAtNanos() - posts.get(0).receivedAtNanos()) / 1_000_000)
          .isGreaterThanOrEqualTo(2300);
    }
  }
}
