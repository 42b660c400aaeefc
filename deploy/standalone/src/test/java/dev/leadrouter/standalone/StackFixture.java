package dev.leadrouter.standalone;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.ServiceMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
    smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
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

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static int freePort() throws IOException {
    return dev.leadrouter.runtime.testing.TestPorts.free();
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
    smtp.stop();
  }
}
