package dev.leadrouter.bench.system;

import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.v1.GetRepRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.RoutingServiceGrpcService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.server.GrpcServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What this machine can do at best, measured in the same run as the system: PostgreSQL's single-row
 * insert rate (one committed row per statement, like one captured lead) and a Vert.x gRPC unary
 * round trip that does no work.
 */
final class Ceilings {
  private Ceilings() {}

  record Rate(double perSecond, long count, Duration elapsed) {}

  /**
   * Autocommitted single-row inserts from {@code threads} JDBC connections for {@code duration}.
   */
  static Rate postgresInserts(
      String jdbcUrl, String user, String password, int threads, Duration duration)
      throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      c.createStatement().execute("DROP TABLE IF EXISTS bench_insert_ceiling");
      c.createStatement()
          .execute(
              "CREATE TABLE bench_insert_ceiling (id bigserial PRIMARY KEY, payload bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
    }
    AtomicLong count = new AtomicLong();
    long deadline = System.nanoTime() + duration.toNanos();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                byte[] payload = new byte[600];
                try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                    PreparedStatement insert =
                        c.prepareStatement(
                            "INSERT INTO bench_insert_ceiling (payload) VALUES (?)")) {
                  while (System.nanoTime() < deadline) {
                    insert.setBytes(1, payload);
                    insert.executeUpdate();
                    count.incrementAndGet();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      workers[t].start();
    }
    long started = System.nanoTime();
    for (Thread w : workers) {
      w.join();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    return new Rate(count.get() / (elapsed.toNanos() / 1e9), count.get(), elapsed);
  }

  record Echo(double callsPerSecond, Histogram latencyMicros) {}

  /** Unary gRPC calls that return at once, {@code inFlight} at a time, for {@code duration}. */
  static Echo grpcEcho(int inFlight, Duration duration) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String key = "echo-bench-key-0123456789";
      GrpcServer server = GrpcServer.server(vertx);
      Rep answer = Rep.newBuilder().setRepId("echo").build();
      server.addService(
          new GrpcServiceBinding(
                  RoutingServiceGrpcService.SERVICE_NAME,
                  RoutingServiceGrpcService.SERVICE_DESCRIPTOR,
                  ApiKeys.of(Role.READ, Map.of("bench", key)))
              .unary(
                  RoutingServiceGrpcService.GetRep,
                  Role.READ,
                  r -> Future.succeededFuture(answer)));
      int port =
          await(vertx.createHttpServer().requestHandler(server).listen(0, "127.0.0.1"))
              .actualPort();
      GrpcClient client = GrpcClient.client(vertx);
      SocketAddress address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
      Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
      AtomicLong done = new AtomicLong();
      long deadline = System.nanoTime() + duration.toNanos();
      Promise<Void> finished = Promise.promise();
      AtomicLong running = new AtomicLong(inFlight);
      long started = System.nanoTime();
      vertx.runOnContext(
          v -> {
            for (int i = 0; i < inFlight; i++) {
              loop(client, address, key, histogram, done, deadline, running, finished);
            }
          });
      await(finished.future());
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Echo(done.get() / seconds, histogram);
    } finally {
      await(vertx.close());
    }
  }

  private static void loop(
      GrpcClient client,
      SocketAddress address,
      String key,
      Histogram histogram,
      AtomicLong done,
      long deadline,
      AtomicLong running,
      Promise<Void> finished) {
    if (System.nanoTime() >= deadline) {
      if (running.decrementAndGet() == 0) {
        finished.tryComplete();
      }
      return;
    }
    long t0 = System.nanoTime();
    GrpcCalls.unary(
            client,
            address,
            key,
            RoutingServiceGrpcClient.GetRep,
            GetRepRequest.getDefaultInstance(),
            Duration.ofSeconds(10))
        .onComplete(
            ar -> {
              synchronized (histogram) {
                histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
              }
              done.incrementAndGet();
              loop(client, address, key, histogram, done, deadline, running, finished);
            });
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
