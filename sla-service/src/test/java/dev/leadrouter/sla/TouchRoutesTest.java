package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Clock;
import dev.leadrouter.v1.ClockState;
import dev.leadrouter.v1.GetClockRequest;
import dev.leadrouter.v1.RecordTouchRequest;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.StartClockRequest;
import dev.leadrouter.v1.TouchChannel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-click ack link, RecordTouch with an ack token and the signed CRM webhook, over real HTTP
 * and gRPC.
 */
class TouchRoutesTest {
  private static final String ACK_SECRET = "ack-secret-0123456789";
  private static final String WEBHOOK_SECRET = "webhook-secret-0123456789";
  private static Vertx vertx;
  private static PeerStandIns peers;
  private static RunningSlaService sla;
  private static final AckToken TOKENS = new AckToken(ACK_SECRET, java.time.Clock.systemUTC());
  private static final HmacSignature SIGNER =
      new HmacSignature(WEBHOOK_SECRET, Duration.ofMinutes(5), java.time.Clock.systemUTC());

  record Response(int status, String contentType, String body) {}

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    peers = PeerStandIns.start(vertx);
    Map<String, String> extra = new HashMap<>(peers.settings());
    extra.put("LEADROUTER_ACK_SECRET", ACK_SECRET);
    extra.put("SLA_WEBHOOK_SECRET", WEBHOOK_SECRET);
    Settings settings = TestSettings.fresh(extra);
    sla = RunningSlaService.start(vertx, java.time.Clock.systemUTC(), settings);
  }

  @AfterAll
  static void stop() {
    sla.stop();
    peers.stop();
    RunningSlaService.await(vertx.close(), Duration.ofSeconds(10));
  }

  @Test
  void theAckLinkRecordsTheFirstTouchOnceAndTellsRoutingOnce() {
    StartClockRequest r = startClock();
    String token = TOKENS.issue(r.getAssignmentId(), r.getRepId(), Instant.now().plusSeconds(3600));

    Response head = http(HttpMethod.HEAD, "/v1/ack?token=" + token, null, null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(clock(r).getState())
        .as("a HEAD (mail scanner) records nothing")
        .isEqualTo(ClockState.CLOCK_STATE_RUNNING);

    Response first = http(HttpMethod.GET, "/v1/ack?token=" + token, null, null);
    Clock touched = clock(r);
    Response again = http(HttpMethod.GET, "/v1/ack?token=" + token, null, null);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.contentType()).startsWith("text/html");
    assertThat(first.body()).contains("Thanks, first touch recorded");
    assertThat(touched.getState()).isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
    assertThat(touched.getTouchChannel()).isEqualTo(TouchChannel.TOUCH_CHANNEL_ACK_LINK);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).contains("already recorded");
    assertThat(clock(r)).as("the second click changes nothing").isEqualTo(touched);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        peers.firstTouches.stream()
                            .filter(t -> t.getAssignmentId().equals(r.getAssignmentId())))
                    .hasSize(1));
  }

  @Test
  void expiredForgedAndMissingTokensAreRefusedWithAPage() {
    StartClockRequest r = startClock();
    String expired =
        new AckToken(ACK_SECRET, java.time.Clock.systemUTC())
            .issue(r.getAssignmentId(), r.getRepId(), Instant.now().minusSeconds(1));
    String forged =
        new AckToken("another-secret-0123456789", java.time.Clock.systemUTC())
            .issue(r.getAssignmentId(), r.getRepId(), Instant.now().plusSeconds(3600));

    assertThat(http(HttpMethod.GET, "/v1/ack?token=" + expired, null, null).status())
        .isEqualTo(410);
    assertThat(http(HttpMethod.GET, "/v1/ack?token=" + forged, null, null).status()).isEqualTo(400);
    assertThat(http(HttpMethod.GET, "/v1/ack", null, null).status()).isEqualTo(401);
    assertThat(clock(r).getState()).isEqualTo(ClockState.CLOCK_STATE_RUNNING);
  }

  @Test
  void recordTouchAcceptsAnAckTokenInsteadOfTheAssignment() {
    StartClockRequest r = startClock();
    String token = TOKENS.issue(r.getAssignmentId(), r.getRepId(), Instant.now().plusSeconds(3600));

    Clock touched =
        sla.call(
            SlaServiceGrpcClient.RecordTouch,
            RecordTouchRequest.newBuilder()
                .setAckToken(token)
                .setChannel(TouchChannel.TOUCH_CHANNEL_ACK_LINK)
                .build());
    RunningSlaService.Failure forged =
        sla.callFailing(
            SlaServiceGrpcClient.RecordTouch,
            RecordTouchRequest.newBuilder()
                .setAckToken(token.substring(0, token.length() - 2) + "xx")
                .build(),
            TestSettings.INTERNAL_KEY);

    assertThat(touched.getAssignmentId()).isEqualTo(r.getAssignmentId());
    assertThat(touched.getState()).isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
    assertThat(forged.status()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
  }

  @Test
  void aSignedCrmWebhookTouchesByAssignmentOrByLead() {
    StartClockRequest byAssignment = startClock();
    StartClockRequest byLead = startClock();

    Response one =
        webhook(
            new JsonObject()
                .put("assignment_id", byAssignment.getAssignmentId())
                .put("touched_at", Instant.now().toString())
                .put("channel", "call"));
    Response two = webhook(new JsonObject().put("lead_id", byLead.getLeadId()));

    assertThat(one.status()).isEqualTo(200);
    assertThat(new JsonObject(one.body()).getBoolean("recorded")).isTrue();
    assertThat(clock(byAssignment).getTouchChannel()).isEqualTo(TouchChannel.TOUCH_CHANNEL_CALL);
    assertThat(two.status()).isEqualTo(200);
    assertThat(clock(byLead).getTouchChannel()).isEqualTo(TouchChannel.TOUCH_CHANNEL_CRM);
    assertThat(clock(byLead).getState()).isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
  }

  @Test
  void webhookRefusals() {
    StartClockRequest r = startClock();
    byte[] body =
        new JsonObject()
            .put("assignment_id", r.getAssignmentId())
            .encode()
            .getBytes(StandardCharsets.UTF_8);

    Response unsigned = http(HttpMethod.POST, "/v1/touches/webhook", body, null);
    Response wrong =
        http(
            HttpMethod.POST,
            "/v1/touches/webhook",
            body,
            new HmacSignature(
                    "not-the-secret-0123456789", Duration.ofMinutes(5), java.time.Clock.systemUTC())
                .sign(body));
    Response invalid =
        webhook(
            new JsonObject()
                .put("assignment_id", r.getAssignmentId())
                .put("lead_id", "x")
                .put("touched_at", "yesterday")
                .put("channel", "pigeon"));
    Response unknown = webhook(new JsonObject().put("assignment_id", "no-such-assignment"));
    Response tooLarge = webhook(new JsonObject().put("assignment_id", "x".repeat(20_000)));

    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.contentType()).isEqualTo("application/problem+json");
    assertThat(
            new JsonObject(invalid.body())
                .getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder("assignment_id", "touched_at", "channel");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(clock(r).getState()).isEqualTo(ClockState.CLOCK_STATE_RUNNING);
  }

  /** Regression (issue 11): t=9223372036854775807 gave 503 with a stack trace per request. */
  @Test
  void anOutOfRangeSignatureTimestampIs401() {
    byte[] body = "{\"assignment_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    Response r =
        http(HttpMethod.POST, "/v1/touches/webhook", body, "t=9223372036854775807,v1=abcd");
    assertThat(r.status()).isEqualTo(401);
  }

  /**
   * Regression (issue 11): the same signed webhook could be replayed for its whole window, each
   * replay emailing the owner a repeat-activity notice; it is now accepted once.
   */
  @Test
  void aSignedWebhookIsAcceptedOnce() {
    StartClockRequest r = startClock();
    byte[] body =
        new JsonObject()
            .put("assignment_id", r.getAssignmentId())
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    String signature = SIGNER.sign(body);
    assertThat(http(HttpMethod.POST, "/v1/touches/webhook", body, signature).status())
        .isEqualTo(200);
    Response replay = http(HttpMethod.POST, "/v1/touches/webhook", body, signature);
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.body()).contains("already received");
  }

  /** Regression (issue 11): duplicate keys, trailing content and deep nesting are refused. */
  @Test
  void webhookJsonIsStrict() {
    for (String json :
        new String[] {
          "{\"assignment_id\":\"a\",\"assignment_id\":\"b\"}",
          "{\"assignment_id\":\"a\"} {}",
          "{\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
          "{\"assignment_id\":\"a\\u0000\"}"
        }) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      assertThat(http(HttpMethod.POST, "/v1/touches/webhook", body, SIGNER.sign(body)).status())
          .as(json.substring(0, Math.min(40, json.length())))
          .isEqualTo(400);
    }
  }

  private static StartClockRequest startClock() {
    String id = UUID.randomUUID().toString();
    StartClockRequest r =
        StartClockRequest.newBuilder()
            .setAssignmentId("asg-" + id)
            .setLeadId("lead-" + id)
            .setRepId("rep-1")
            .setAssignedAt(LadderFiringTest.timestamp(Instant.now()))
            .build();
    sla.call(SlaServiceGrpcClient.StartClock, r);
    return r;
  }

  private static Clock clock(StartClockRequest r) {
    return sla.call(
        SlaServiceGrpcClient.GetClock,
        GetClockRequest.newBuilder().setAssignmentId(r.getAssignmentId()).build());
  }

  private static Response webhook(JsonObject json) {
    byte[] body = json.encode().getBytes(StandardCharsets.UTF_8);
    return http(HttpMethod.POST, "/v1/touches/webhook", body, SIGNER.sign(body));
  }

  private static Response http(HttpMethod method, String uri, byte[] body, String signature) {
    var client = vertx.createHttpClient();
    var response =
        client
            .request(method, sla.verticle.httpPort(), "127.0.0.1", uri)
            .compose(
                req -> {
                  if (signature != null) {
                    req.putHeader("X-Leadrouter-Signature", signature);
                  }
                  if (body != null) {
                    req.putHeader("content-type", "application/json");
                  }
                  return (body == null ? req.send() : req.send(Buffer.buffer(body)))
                      .compose(
                          res ->
                              res.body()
                                  .map(
                                      b ->
                                          new Response(
                                              res.statusCode(),
                                              res.getHeader("content-type"),
                                              b.toString())));
                })
            .eventually(client::close);
    return RunningSlaService.await(response, Duration.ofSeconds(10));
  }
}
