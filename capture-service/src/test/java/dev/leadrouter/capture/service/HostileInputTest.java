package dev.leadrouter.capture.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.CaptureLeadRequest;
import dev.leadrouter.v1.CaptureLeadResult;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One regression test per hostile-input finding of issue 11 on capture's doors: each is a clear 4xx
 * (or INVALID_ARGUMENT / UNAUTHENTICATED) naming the field, with nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private static final String FORM_KEY = "hostile-form-key-0123456789";
  private static final String SECRET = "hostile-hook-secret-0123456789";

  private final Vertx vertx = Vertx.vertx();
  private WebClient web;
  private GrpcClient grpc;
  private Pool db;
  private CaptureVerticle capture;
  private dev.leadrouter.runtime.config.Settings settings;
  private final HmacSignature signer =
      new HmacSignature(SECRET, Duration.ofMinutes(5), Clock.systemUTC());

  @BeforeAll
  void start() throws Exception {
    NetServer blackHole =
        await(vertx.createNetServer().connectHandler(socket -> {}).listen(0, "127.0.0.1"));
    Path sources = Files.createTempDirectory("hostile").resolve("sources.yaml");
    Files.writeString(
        sources,
        """
        sources:
          - id: form
            kind: form
            auth: {api_key_caller: form-caller}
          - id: hubspot
            kind: hubspot
            auth: {hmac_secret_env: HOSTILE_SECRET}
          - id: hook
            kind: mapped
            auth: {hmac_secret_env: HOSTILE_SECRET}
            honeypot: trap
            mapping: {email: contact.email}
        """);
    settings =
        TestSettings.fresh(
            Map.of(
                "LEADROUTER_INGEST_API_KEYS",
                "test-client:" + TestSettings.CLIENT_KEY + ",form-caller:" + FORM_KEY,
                "CAPTURE_SOURCES_FILE",
                sources.toString(),
                "HOSTILE_SECRET",
                SECRET,
                "CAPTURE_ROUTING_ADDRESS",
                "127.0.0.1:" + blackHole.actualPort(),
                "CAPTURE_NOTIFY_ADDRESS",
                "127.0.0.1:" + blackHole.actualPort()));
    capture = new CaptureVerticle(settings);
    await(vertx.deployVerticle(capture));
    web = WebClient.create(vertx);
    grpc = GrpcClient.client(vertx);
    db =
        PgBuilder.pool()
            .connectingTo(
                new PgConnectOptions(
                        PgConnectOptions.fromUri(settings.required("LEADROUTER_DB_URL")))
                    .setProperties(Map.of("search_path", "capture")))
            .using(vertx)
            .build();
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  // ---- helpers --------------------------------------------------------------------------------

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> json(String body) throws Exception {
    return await(
        web.post(capture.httpPort(), "127.0.0.1", "/v1/leads")
            .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> hook(String source, String body, String signature) throws Exception {
    return hookAt(capture, source, body, signature);
  }

  private HttpResponse<Buffer> hookAt(
      CaptureVerticle replica, String source, String body, String signature) throws Exception {
    return await(
        web.post(replica.httpPort(), "127.0.0.1", "/v1/webhooks/" + source)
            .putHeader("Content-Type", "application/json")
            .putHeader("X-Leadrouter-Signature", signature)
            .sendBuffer(Buffer.buffer(body)));
  }

  private HttpResponse<Buffer> signedHook(String source, String body) throws Exception {
    return hook(source, body, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
  }

  private long leadsWithEmail(String email) throws Exception {
    return await(
            db.preparedQuery("SELECT count(*) FROM leads WHERE email = $1")
                .execute(Tuple.of(email)))
        .iterator()
        .next()
        .getLong(0);
  }

  private static String email() {
    return "h-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  /** A 400 problem naming {@code field} in its errors. */
  private static void refused(HttpResponse<Buffer> r, String field) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.getHeader("content-type")).isEqualTo("application/problem+json");
    JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field")))
        .anySatisfy(f -> assertThat(f).contains(field));
    assertThat(r.bodyAsString()).doesNotContain("Exception").doesNotContain("com.google");
  }

  // ---- signatures -----------------------------------------------------------------------------

  @Test
  void anOutOfRangeSignatureTimestampIs401Not500() throws Exception {
    HttpResponse<Buffer> r =
        hook("hook", "{\"email\":\"" + email() + "\"}", "t=9223372036854775807,v1=abcd");
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void aSignedWebhookReplayedUnchangedIsRefused() throws Exception {
    String email = email();
    String body = "{\"email\":\"" + email + "\"}";
    String signature = signer.sign(body.getBytes(StandardCharsets.UTF_8));
    assertThat(hook("hook", body, signature).statusCode()).isEqualTo(202);
    assertThat(hook("hook", body, signature).statusCode()).isEqualTo(401);
    assertThat(leadsWithEmail(email)).isEqualTo(1);
  }

  /**
   * The replay memory is shared by the replicas: a signed request accepted by one is refused by
   * another, and one refused after it was verified (a bad body) can be sent again to either.
   */
  @Test
  void aSignedWebhookReplayedToAnotherReplicaIsRefused() throws Exception {
    CaptureVerticle other = new CaptureVerticle(settings);
    String deployment = await(vertx.deployVerticle(other));
    try {
      String email = email();
      String body = "{\"email\":\"" + email + "\"}";
      String signature = signer.sign(body.getBytes(StandardCharsets.UTF_8));
      assertThat(hook("hook", body, signature).statusCode()).isEqualTo(202);
      HttpResponse<Buffer> replay = hookAt(other, "hook", body, signature);
      assertThat(replay.statusCode()).as(replay.bodyAsString()).isEqualTo(401);
      assertThat(replay.bodyAsString()).contains("already received");
      assertThat(leadsWithEmail(email)).isEqualTo(1);

      // Verified, then refused for its content: forgotten everywhere, so the sender's retry
      // gets the same answer from either replica, not "already received".
      String noContact = "{\"email\":\"\"}";
      String refusedSignature = signer.sign(noContact.getBytes(StandardCharsets.UTF_8));
      HttpResponse<Buffer> first = hook("hook", noContact, refusedSignature);
      assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(400);
      HttpResponse<Buffer> retried = hookAt(other, "hook", noContact, refusedSignature);
      assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(400);
    } finally {
      await(vertx.undeploy(deployment));
    }
  }

  // ---- NUL, one rule at every door ------------------------------------------------------------

  @Test
  void nulInAJsonExternalIdOrSourceIdIs400() throws Exception {
    String email = email();
    refused(
        json("{\"externalId\":\"a\\u0000b\",\"contact\":{\"email\":\"" + email + "\"}}"),
        "externalId");
    refused(
        json(
            "{\"source\":{\"sourceId\":\"web\\u0000\"},\"contact\":{\"email\":\"" + email + "\"}}"),
        "source.sourceId");
    assertThat(leadsWithEmail(email)).isZero();
  }

  @Test
  void nulInAFormExternalIdIs400() throws Exception {
    String email = email();
    HttpResponse<Buffer> r =
        await(
            web.post(capture.httpPort(), "127.0.0.1", "/v1/forms/form")
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .putHeader("Authorization", "Bearer " + FORM_KEY)
                .sendBuffer(
                    Buffer.buffer("email=" + email.replace("@", "%40") + "&external_id=x%00y")));
    refused(r, "external_id");
    assertThat(leadsWithEmail(email)).isZero();
  }

  @Test
  void nulInAHubSpotSubmissionIdIs400() throws Exception {
    String email = email();
    refused(
        signedHook(
            "hubspot",
            "{\"fields\":[{\"name\":\"email\",\"value\":\""
                + email
                + "\"}],\"submissionId\":\"s\\u0000\"}"),
        "submissionId");
    assertThat(leadsWithEmail(email)).isZero();
  }

  @Test
  void nulInAnEraseReasonIs400() throws Exception {
    HttpResponse<Buffer> r =
        await(
            web.delete(
                    capture.httpPort(),
                    "127.0.0.1",
                    "/v1/leads/" + UUID.randomUUID() + "?reason=a%00b")
                .putHeader("Authorization", "Bearer " + TestSettings.ADMIN_KEY)
                .send());
    refused(r, "reason");
  }

  @Test
  void aCsvRowWithNulIsInvalidNotFailed() throws Exception {
    String email = email();
    HttpResponse<Buffer> r =
        await(
            web.post(capture.httpPort(), "127.0.0.1", "/v1/leads/import")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .putHeader("Content-Type", "text/csv")
                .sendBuffer(Buffer.buffer("email,external_id\n" + email + ",x\u0000y\n")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject row = new JsonObject(r.bodyAsString().split("\n")[0]);
    assertThat(row.getString("status")).isEqualTo("invalid");
    assertThat(row.getJsonArray("errors").getJsonObject(0).getString("field"))
        .contains("external_id");
    assertThat(leadsWithEmail(email)).isZero();
  }

  // ---- strict JSON ----------------------------------------------------------------------------

  @Test
  void jsonNestedThousandsDeepIs400() throws Exception {
    refused(json("{\"contact\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), "body");
  }

  @Test
  void loneSurrogatesAreRefusedNotStoredAsQuestionMarks() throws Exception {
    String email = email();
    refused(
        json("{\"contact\":{\"email\":\"" + email + "\",\"firstName\":\"A\\ud800\"}}"),
        "contact.firstName");
    assertThat(leadsWithEmail(email)).isZero();
  }

  @Test
  void trailingGarbageDuplicateKeysAndRawNulAreRefused() throws Exception {
    String email = email();
    String lead = "{\"contact\":{\"email\":\"" + email + "\"}}";
    refused(json(lead + "{}"), "body");
    refused(json("{\"contact\":{\"email\":\"" + email + "\",\"email\":\"x@y.example\"}}"), "body");
    refused(json("{\"contact\":{\"email\":\"" + email + "\",\"firstName\":\"a\u0000\"}}"), "body");
    assertThat(leadsWithEmail(email)).isZero();
  }

  @Test
  void malformedJsonDetailsNameNoParserInternals() throws Exception {
    refused(json("{\"contact\": {\"email\": }"), "body");
  }

  // ---- honeypots ------------------------------------------------------------------------------

  @Test
  void aHoneypotSentAsFalseOrZeroIsAnUntouchedFieldAndTheLeadIsStored() throws Exception {
    for (String untouched : new String[] {"false", "0", "\"\"", "null"}) {
      String email = email();
      HttpResponse<Buffer> r =
          signedHook("hook", "{\"email\":\"" + email + "\",\"trap\":" + untouched + "}");
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(leadsWithEmail(email)).as("trap = " + untouched).isEqualTo(1);
    }
    String bot = email();
    assertThat(signedHook("hook", "{\"email\":\"" + bot + "\",\"trap\":\"x\"}").statusCode())
        .isEqualTo(202);
    assertThat(leadsWithEmail(bot)).isZero();
  }

  // ---- raw HTTP -------------------------------------------------------------------------------

  @Test
  void aCsvImportRefusedBeforeItsBodyClosesTheConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", capture.httpPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v1/leads/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                  + "Content-Length: 300000\r\n\r\n"
                  + "email\n".repeat(200))
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readAll(s.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
    }
  }

  @Test
  void aCsvWhoseLastRowIsInvalidWithoutANewlineEndsOnce() throws Exception {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
        new ch.qos.logback.core.read.ListAppender<>();
    events.start();
    root.addAppender(events);
    HttpResponse<Buffer> r;
    try {
      r = csvEndingWithAnInvalidRow();
    } finally {
      root.detachAppender(events);
    }
    // Ending twice threw inside the import ("Response has already been written").
    assertThat(events.list).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
    assertThat(r.statusCode()).isEqualTo(200);
    String[] lines = r.bodyAsString().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(new JsonObject(lines[2]).getJsonObject("summary").getLong("invalid")).isEqualTo(1);
    // The connection still serves the next request.
    assertThat(json("{\"contact\":{\"email\":\"" + email() + "\"}}").statusCode()).isEqualTo(202);
  }

  private HttpResponse<Buffer> csvEndingWithAnInvalidRow() throws Exception {
    return await(
        web.post(capture.httpPort(), "127.0.0.1", "/v1/leads/import")
            .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
            .putHeader("Content-Type", "text/csv")
            .sendBuffer(Buffer.buffer("email\n" + email() + "\nnot-an-email")));
  }

  /**
   * Broken chunked framing: Netty cannot know where the next request starts, so Vert.x closes the
   * connection (no answer is possible); what must not happen is a server error logged with a stack
   * trace, and the listener must go on serving.
   */
  @Test
  void malformedChunkedEncodingClosesTheConnectionQuietly() throws Exception {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
        new ch.qos.logback.core.read.ListAppender<>();
    events.start();
    root.addAppender(events);
    try (Socket s = new Socket("127.0.0.1", capture.httpPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v1/leads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TestSettings.CLIENT_KEY
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "zz-not-hex\r\n{}\r\n0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readAll(s.getInputStream());
      assertThat(answer).doesNotContain("HTTP/1.1 5");
    } finally {
      root.detachAppender(events);
    }
    assertThat(json("{\"contact\":{\"email\":\"" + email() + "\"}}").statusCode()).isEqualTo(202);
    assertThat(events.list)
        .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
        .isEmpty();
    assertThat(events.list).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
  }

  private static String readAll(InputStream in) throws Exception {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (java.net.SocketException e) {
      // reset after the answer: closed
    }
    return text.toString();
  }

  // ---- gRPC -----------------------------------------------------------------------------------

  private SocketAddress grpcAddress() {
    return SocketAddress.inetSocketAddress(capture.grpcPort(), "127.0.0.1");
  }

  @Test
  void anUndecodableMessageIsInvalidArgumentNotCancelled() throws Exception {
    GrpcClientResponse<Buffer, Buffer> response =
        await(
            grpc.request(grpcAddress())
                .compose(
                    request -> {
                      request.fullMethodName("leadrouter.v1.CaptureService/CaptureLead");
                      request.headers().set("authorization", "Bearer " + TestSettings.CLIENT_KEY);
                      return request
                          .end(Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}))
                          .compose(v -> request.response());
                    }));
    await(response.end().otherwiseEmpty());
    assertThat(response.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
  }

  @Test
  void aTimestampOutsideJavasRangeIsInvalidArgument() throws Exception {
    CaptureLeadRequest request =
        CaptureLeadRequest.newBuilder()
            .setLead(
                Lead.newBuilder()
                    .setContact(Contact.newBuilder().setEmail(email()))
                    .setReceivedAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)))
            .build();
    GrpcClientResponse<Buffer, Buffer> response =
        await(
            grpc.request(grpcAddress())
                .compose(
                    call -> {
                      call.fullMethodName("leadrouter.v1.CaptureService/CaptureLead");
                      call.headers().set("authorization", "Bearer " + TestSettings.CLIENT_KEY);
                      return call.end(Buffer.buffer(request.toByteArray()))
                          .compose(v -> call.response());
                    }));
    await(response.end().otherwiseEmpty());
    assertThat(response.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(response.statusMessage()).contains("lead.received_at");
  }

  @Test
  void aBadFrameInCaptureLeadsStillDeliversTheResultOfTheLeadBeforeIt() throws Exception {
    String email = email();
    CaptureLeadRequest good =
        CaptureLeadRequest.newBuilder()
            .setLead(Lead.newBuilder().setContact(Contact.newBuilder().setEmail(email)))
            .build();
    List<CaptureLeadResult> results = new CopyOnWriteArrayList<>();
    GrpcClientResponse<Buffer, Buffer> response =
        (GrpcClientResponse<Buffer, Buffer>)
            await(
                grpc.request(grpcAddress())
                    .compose(
                        call -> {
                          call.fullMethodName("leadrouter.v1.CaptureService/CaptureLeads");
                          call.headers().set("authorization", "Bearer " + TestSettings.CLIENT_KEY);
                          call.write(Buffer.buffer(good.toByteArray()));
                          call.write(Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}));
                          return call.end().compose(v -> call.response());
                        })
                    .map(
                        resp ->
                            resp.handler(
                                message -> {
                                  try {
                                    results.add(CaptureLeadResult.parseFrom(message.getBytes()));
                                  } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                  }
                                })));
    await(response.end().otherwiseEmpty());
    assertThat(response.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(results).hasSize(1);
    assertThat(results.get(0).hasAccepted()).isTrue();
    assertThat(leadsWithEmail(email)).isEqualTo(1);
  }
}
