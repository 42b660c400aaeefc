package dev.leadrouter.standalone;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.ServiceMethod;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything an end-to-end test needs: a fresh database, a real SMTP server (GreenMail), fixed free
 * ports for the four services (so one can be started later on the port the others expect), and the
 * example team and matrix.
 */
final class StackFixture implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final GreenMail smtp;
  final Settings settings;
  final Map<String, Integer> ports = new HashMap<>();
  final GrpcClient grpc;

  StackFixture() throws IOException {
    this(Map.of());
  }

  /** With extra settings for every service (they win over the fixture's). */
  StackFixture(Map<String, String> extra) throws IOException {
    // SMTP is up before anything sends: let the OS pick its port, which no one can take meanwhile
    smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Map<String, String> values = new HashMap<>();
    for (String prefix : new String[] {"CAPTURE", "ROUTING", "NOTIFY", "SLA"}) {
      int grpcPort = freePort();
      ports.put(prefix, grpcPort);
      values.put(prefix + "_GRPC_PORT", String.valueOf(grpcPort));
    }
    values.putAll(
        LocalPeers.addresses(
            ports.get("CAPTURE"), ports.get("ROUTING"), ports.get("NOTIFY"), ports.get("SLA")));
    values.put("LEADROUTER_ACK_SECRET", "test-ack-secret-0123456789");
    values.put("NOTIFY_ACK_BASE_URL", "http://localhost:8104");
    values.put("CAPTURE_ROUTING_DEADLINE", "3s");
    values.put("NOTIFY_SMTP_HOST", "127.0.0.1");
    values.put("NOTIFY_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
    values.put("NOTIFY_SMTP_STARTTLS", "DISABLED");
    values.put("NOTIFY_MAIL_FROM", "leadrouter <leads@leadrouter.test>");
    values.putAll(extra);
    settings = TestSettings.fresh(values);
    grpc = GrpcClient.client(vertx);
  }

  /**
   * The four services deployed with the example team and matrix loaded: the usual end-to-end setup.
   */
  Stack deployWithExamples() throws Exception {
    Stack stack = await(new Stack(vertx, settings).deploy());
    loadExamples();
    return stack;
  }

  /**
   * Loads examples/team.yaml and examples/routing-matrix.yaml through routing-service's admin API.
   */
  void loadExamples() throws Exception {
    Path examples = Path.of("../../examples");
    await(
        ExampleData.load(
            grpc,
            address("ROUTING"),
            TestSettings.ADMIN_KEY,
            ExampleData.readTeam(examples.resolve("team.yaml")),
            Files.readString(examples.resolve("routing-matrix.yaml"))));
  }

  SocketAddress address(String service) {
    return SocketAddress.inetSocketAddress(ports.get(service), "127.0.0.1");
  }

  /**
   * Calls a method with the internal key, or for a lead door (CaptureLead) with the ingest key: the
   * internal role grants everything but ingest.
   */
  <Req, Resp> Resp call(String service, ServiceMethod<Resp, Req> method, Req request)
      throws Exception {
    String key =
        method.methodName().equals("CaptureLead")
            ? TestSettings.CLIENT_KEY
            : TestSettings.INTERNAL_KEY;
    return await(
        GrpcCalls.unary(grpc, address(service), key, method, request, Duration.ofSeconds(10)));
  }

  /**
   * Posts a lead from a fresh person through capture's public API and waits for its email. Every
   * relay on the way (capture's, routing's, notify's) has polled again since anything queued before
   * it, so a duplicate of an earlier email would already be in the mailbox: this proves "nothing
   * else was sent" without sleeping. Returns the lead's name, which its email's subject carries, so
   * callers can leave that email out of their counts ({@link #receivedExceptAbout}).
   */
  String awaitALaterLeadEmail(int captureHttpPort) throws Exception {
    StringBuilder token = new StringBuilder("Later");
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 10; i++) {
      token.append((char) ('a' + random.nextInt(26)));
    }
    String name = token.toString();
    var response =
        await(
            WebClient.create(vertx)
                .post(captureHttpPort, "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    Buffer.buffer(
                        new JsonObject()
                            .put(
                                "contact",
                                new JsonObject()
                                    .put("firstName", name)
                                    .put("email", name.toLowerCase(Locale.ROOT) + "@later.example"))
                            .put("location", new JsonObject().put("countryCode", "US"))
                            .encode())));
    if (response.statusCode() != 202) {
      throw new AssertionError("the later lead was refused: " + response.bodyAsString());
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> anyAbout(name));
    return name;
  }

  private boolean anyAbout(String name) {
    return Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> about(m, name));
  }

  private static boolean about(MimeMessage m, String name) {
    try {
      String subject = m.getSubject();
      return subject != null
          && subject.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT));
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the mailbox received, without the email about the named lead (a test's own marker). */
  List<MimeMessage> receivedExceptAbout(String name) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> !about(m, name)).toList();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /**
   * A port for a server that must be known before it starts (peer addresses, a service started
   * later); a server that starts at once should bind port 0 instead.
   */
  static int freePort() throws IOException {
    return dev.leadrouter.runtime.testing.TestPorts.free();
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
    smtp.stop();
  }
}
