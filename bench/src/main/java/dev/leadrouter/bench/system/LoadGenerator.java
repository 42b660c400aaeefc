package dev.leadrouter.bench.system;

import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.v1.CaptureLeadRequest;
import dev.leadrouter.v1.CaptureServiceGrpcClient;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Location;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.grpc.client.GrpcClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends leads open-loop at a steady rate with periodic bursts, alternating HTTP JSON and gRPC, and
 * remembers when each was sent and whether it was accepted (2xx / OK). In-flight requests are
 * capped so an unreachable service cannot make the generator itself run out of memory.
 */
final class LoadGenerator {
  private static final String[] COUNTRIES = {"US", "CA", "GB", "DE", "FR", "JP", "BR"};
  private final Vertx vertx;
  private final WebClient web;
  private final GrpcClient grpc;
  private final int httpPort;
  private final SocketAddress grpcAddress;
  private final String apiKey;
  private final int maxInFlight;
  final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
  final Map<Long, Boolean> accepted = new ConcurrentHashMap<>();

  /** When each accepted lead's 2xx/OK arrived (nanoTime), for the capture ack latency. */
  final Map<Long, Long> ackedAt = new ConcurrentHashMap<>();

  final AtomicLong sequence = new AtomicLong();
  final AtomicLong inFlight = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong refused = new AtomicLong();

  LoadGenerator(Vertx vertx, int httpPort, int grpcPort, String apiKey, int maxInFlight) {
    this.vertx = vertx;
    this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2000));
    this.grpc = GrpcClient.client(vertx);
    this.httpPort = httpPort;
    this.grpcAddress = SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1");
    this.apiKey = apiKey;
    this.maxInFlight = maxInFlight;
  }

  /**
   * Runs for {@code duration}: {@code rate} leads/s, plus {@code burst} leads at once every {@code
   * burstEvery}.
   */
  void run(double rate, Duration duration, int burst, Duration burstEvery)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long nextBurst = start + burstEvery.toNanos();
    double owed = 0;
    long last = start;
    while (System.nanoTime() < end) {
      long now = System.nanoTime();
      owed += rate * (now - last) / 1e9;
      last = now;
      int due = (int) owed;
      owed -= due;
      if (burst > 0 && now >= nextBurst) {
        due += burst;
        nextBurst += burstEvery.toNanos();
      }
      for (int i = 0; i < due; i++) {
        sendOne();
      }
      Thread.sleep(5);
    }
  }

  private void sendOne() {
    if (inFlight.get() >= maxInFlight) {
      skipped.incrementAndGet();
      return;
    }
    long seq = sequence.incrementAndGet();
    inFlight.incrementAndGet();
    vertx.runOnContext(
        v -> {
          sentAt.put(seq, System.nanoTime());
          String country = COUNTRIES[(int) (seq % COUNTRIES.length)];
          var result = seq % 2 == 0 ? viaHttp(seq, country) : viaGrpc(seq, country);
          result.onComplete(
              ar -> {
                inFlight.decrementAndGet();
                boolean ok = ar.succeeded() && ar.result();
                accepted.put(seq, ok);
                if (ok) {
                  ackedAt.put(seq, System.nanoTime());
                }
                if (!ok) {
                  refused.incrementAndGet();
                }
              });
        });
  }

  private io.vertx.core.Future<Boolean> viaHttp(long seq, String country) {
    JsonObject lead =
        new JsonObject()
            .put(
                "contact",
                new JsonObject()
                    .put("firstName", "LR" + seq)
                    .put("lastName", "Bench")
                    .put("email", "lead" + seq + "@bench.example"))
            .put("company", new JsonObject().put("name", "Bench Corp " + (seq % 100)))
            .put("location", new JsonObject().put("countryCode", country));
    return web.post(httpPort, "127.0.0.1", "/v1/leads")
        .putHeader("Authorization", "Bearer " + apiKey)
        .putHeader("Content-Type", "application/json")
        .timeout(10_000)
        .sendBuffer(Buffer.buffer(lead.encode()))
        .map(r -> r.statusCode() / 100 == 2);
  }

  private io.vertx.core.Future<Boolean> viaGrpc(long seq, String country) {
    Lead lead =
        Lead.newBuilder()
            .setContact(
                Contact.newBuilder()
                    .setFirstName("LR" + seq)
                    .setLastName("Bench")
                    .setEmail("lead" + seq + "@bench.example"))
            .setLocation(Location.newBuilder().setCountryCode(country))
            .build();
    return GrpcCalls.unary(
            grpc,
            grpcAddress,
            apiKey,
            CaptureServiceGrpcClient.CaptureLead,
            CaptureLeadRequest.newBuilder().setLead(lead).build(),
            Duration.ofSeconds(10))
        .map(r -> true);
  }
}
