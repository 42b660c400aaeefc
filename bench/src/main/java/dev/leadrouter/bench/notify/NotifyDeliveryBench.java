package dev.leadrouter.bench.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.leadrouter.notify.NotifyVerticle;
import dev.leadrouter.runtime.db.LocalPostgres;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.Recipient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Delivery throughput and added latency of notify-service, in process, against a real local
 * PostgreSQL (fsync on, as in production), GreenMail as SMTP sink and a local HTTP server as
 * webhook sink.
 *
 * <ul>
 *   <li>throughput: N Notify calls (64 in flight), until the sink has all N messages: deliveries/s;
 *   <li>added latency: one Notify call at a time, from the call to the first byte at the sink
 *       (HTTP: request headers parsed; SMTP: whole message received, an upper bound), HdrHistogram.
 * </ul>
 *
 * Run: {@code ./mvnw -q -B -pl bench exec:java
 * -Dexec.mainClass=dev.leadrouter.bench.notify.NotifyDeliveryBench [-Dexec.args="2000 300"]}
 * (deliveries for throughput, calls for latency).
 */
public final class NotifyDeliveryBench {
  private NotifyDeliveryBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int latencyCalls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Vertx vertx = Vertx.vertx();
    int smtpPort = freePort();
    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Map<String, Long> firstByteNanos = new ConcurrentHashMap<>();
    AtomicInteger hooks = new AtomicInteger();
    HttpServer sink =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  long at = System.nanoTime();
                  req.body()
                      .onSuccess(
                          body -> {
                            String assignment = body.toJsonObject().getString("assignment_id");
                            firstByteNanos.putIfAbsent(assignment, at);
                            hooks.incrementAndGet();
                            req.response().setStatusCode(204).end();
                          });
                });
    await(sink.listen(0, "127.0.0.1"));
    LocalPostgres pg =
        LocalPostgres.start(java.nio.file.Files.createTempDirectory("notify-bench-pg"), 0);
    NotifyVerticle notify =
        new NotifyVerticle(
            TestSettings.forDatabase(
                pg.urlFor("notify_bench"),
                Map.of(
                    "NOTIFY_SMTP_HOST",
                    "127.0.0.1",
                    "NOTIFY_SMTP_PORT",
                    Integer.toString(smtpPort),
                    "NOTIFY_SMTP_STARTTLS",
                    "DISABLED",
                    "NOTIFY_WEBHOOK_URL",
                    "http://127.0.0.1:" + sink.actualPort() + "/crm",
                    "NOTIFY_WEBHOOK_SECRET",
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                    "NOTIFY_WEBHOOK_KINDS",
                    "REPORT",
                    "NOTIFY_WEBHOOK_RATE",
                    "0",
                    "LEADROUTER_OUTBOX_POLL_INTERVAL",
                    "1s")));
    await(vertx.deployVerticle(notify));
    GrpcClient client = GrpcClient.client(vertx);
    SocketAddress address = SocketAddress.inetSocketAddress(notify.grpcPort(), "127.0.0.1");
    try {
      System.out.printf(
          "notify delivery benchmark: %d deliveries per sink, %d sequential calls for latency, %d cores%n",
          n, latencyCalls, Runtime.getRuntime().availableProcessors());
      throughput(
          "email -> GreenMail (SMTP)",
          client,
          address,
          Channel.CHANNEL_EMAIL,
          n,
          () -> smtp.getReceivedMessages().length);
      throughput(
          "webhook -> local HTTP sink", client, address, Channel.CHANNEL_WEBHOOK, n, hooks::get);
      latencyHttp(client, address, latencyCalls, firstByteNanos);
      latencySmtp(client, address, latencyCalls, smtp);
    } finally {
      await(vertx.close());
      smtp.stop();
      pg.close();
    }
    System.exit(0);
  }

  private interface Counter {
    int get();
  }

  private static void throughput(
      String name,
      GrpcClient client,
      SocketAddress address,
      Channel channel,
      int n,
      Counter received)
      throws Exception {
    int before = received.get();
    Semaphore inFlight = new Semaphore(64);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      call(client, address, request(channel, "tp" + i)).onComplete(ar -> inFlight.release());
    }
    long accepted = System.nanoTime();
    while (received.get() - before < n) {
      Thread.sleep(5);
      if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
        throw new IllegalStateException(
            name + ": only " + (received.get() - before) + " of " + n + " arrived");
      }
    }
    long end = System.nanoTime();
    System.out.printf(
        "%-28s %6d deliveries in %6.2f s = %7.0f deliveries/s (Notify calls accepted at %7.0f/s)%n",
        name, n, (end - start) / 1e9, n / ((end - start) / 1e9), n / ((accepted - start) / 1e9));
  }

  private static void latencyHttp(
      GrpcClient client, SocketAddress address, int calls, Map<String, Long> firstByte)
      throws Exception {
    Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    for (int i = 0; i < calls; i++) {
      NotifyRequest r = request(Channel.CHANNEL_WEBHOOK, "lat" + i);
      long start = System.nanoTime();
      await(call(client, address, r));
      while (!firstByte.containsKey(r.getAssignmentId())) {
        Thread.onSpinWait();
      }
      if (i >= calls / 10) { // the first tenth warms up
        h.recordValue((firstByte.get(r.getAssignmentId()) - start) / 1000);
      }
    }
    print("webhook: Notify -> first byte", h);
  }

  private static void latencySmtp(
      GrpcClient client, SocketAddress address, int calls, GreenMail smtp) throws Exception {
    Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    for (int i = 0; i < calls; i++) {
      int before = smtp.getReceivedMessages().length;
      long start = System.nanoTime();
      await(call(client, address, request(Channel.CHANNEL_EMAIL, "slat" + i)));
      while (smtp.getReceivedMessages().length == before) {
        Thread.onSpinWait();
      }
      if (i >= calls / 10) {
        h.recordValue((System.nanoTime() - start) / 1000);
      }
    }
    print("email: Notify -> message at SMTP sink", h);
  }

  private static void print(String name, Histogram h) {
    System.out.printf(
        "%-38s n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n",
        name,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(90) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0);
  }

  private static Future<?> call(GrpcClient client, SocketAddress address, NotifyRequest r) {
    return GrpcCalls.unary(
        client,
        address,
        TestSettings.INTERNAL_KEY,
        NotifyServiceGrpcClient.Notify,
        r,
        Duration.ofSeconds(30));
  }

  private static NotifyRequest request(Channel channel, String tag) {
    String lead = UUID.randomUUID().toString();
    return NotifyRequest.newBuilder()
        .setKind(NotificationKind.NOTIFICATION_KIND_NEW_LEAD)
        .setAssignmentId(UUID.randomUUID().toString())
        .setLeadId(lead)
        .addChannels(channel)
        .addRecipients(
            Recipient.newBuilder()
                .setRepId("rep-" + tag)
                .setDisplayName("Bench Rep")
                .setEmail(tag + "@sales.example")
                .setTimeZone("Europe/Berlin"))
        .setLead(
            Lead.newBuilder()
                .setLeadId(lead)
                .setContact(
                    Contact.newBuilder()
                        .setFirstName("Grace")
                        .setLastName("Hopper")
                        .setEmail("grace@navy.example"))
                .setCompany(Company.newBuilder().setName("Acme")))
        .build();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
