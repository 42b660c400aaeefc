package dev.leadrouter.bench.capture;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.runtime.db.LocalPostgres;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * capture-service's front door over HTTP ({@code POST /v1/leads}, one JVM, pool of 8 connections)
 * against PostgreSQL's own single-row insert rate on the same server in the same run, so the ratio
 * shows how close capture runs to the database's limit.
 *
 * <p>Capture does per lead: JSON parse, normalization (libphonenumber, countries, regions), dedupe
 * lookup under advisory locks, lead + outbox insert, commit. The baseline is the cheapest durable
 * thing PostgreSQL does: one autocommitted INSERT of a comparable row per round trip, from 1 and
 * from 8 JDBC connections (capture's pool size). Routing is a port that never answers, so the relay
 * stays out of the way (it holds one batch for the lease time) and only intake is measured.
 *
 * <p>Run (the embedded PostgreSQL binaries are runtime-scoped, which the bench pom's exec:java
 * compile classpath leaves out, so run it with the runtime classpath):
 *
 * <pre>
 * ./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/tmp/bench.cp -Dmdep.includeScope=runtime
 * java -cp bench/target/classes:$(cat /tmp/bench.cp) dev.leadrouter.bench.capture.CaptureBenchmark
 * </pre>
 *
 * (system properties {@code leads}, {@code concurrency}, {@code inserts}).
 */
public final class CaptureBenchmark {
  private CaptureBenchmark() {}

  public static void main(String[] args) throws Exception {
    int leads = Integer.getInteger("leads", 20_000);
    int concurrency = Integer.getInteger("concurrency", 64);
    int inserts = Integer.getInteger("inserts", 20_000);
    Vertx vertx = Vertx.vertx();
    // A real server with fsync on (as in production), shared by capture and the JDBC baseline.
    java.nio.file.Path pgData = java.nio.file.Files.createTempDirectory("capture-bench-pg");
    try (LocalPostgres pg = LocalPostgres.start(pgData, 0)) {
      String database = "capture_bench";
      NetServer blackHole =
          await(vertx.createNetServer().connectHandler(s -> {}).listen(0, "127.0.0.1"));
      var settings =
          TestSettings.forDatabase(
              pg.urlFor(database),
              Map.of(
                  "CAPTURE_ROUTING_ADDRESS", "127.0.0.1:" + blackHole.actualPort(),
                  "CAPTURE_ROUTING_DEADLINE", "60s",
                  "CAPTURE_DB_POOL_SIZE", "8"));
      CaptureVerticle capture = new CaptureVerticle(settings);
      await(vertx.deployVerticle(capture));
      String dbUrl = settings.required("LEADROUTER_DB_URL");
      System.out.printf(
          "capture benchmark: %d leads over HTTP, %d in flight; PostgreSQL baseline %d single-row inserts%n",
          leads, concurrency, inserts);

      WebClient web =
          WebClient.create(
              vertx,
              new WebClientOptions().setKeepAlive(true),
              new io.vertx.core.http.PoolOptions().setHttp1MaxSize(concurrency));
      run(
          web,
          capture.httpPort(),
          Math.min(2_000, leads),
          concurrency,
          "warmup"); // JIT, pools, caches
      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
      long started = System.nanoTime();
      int failed = run(web, capture.httpPort(), leads, concurrency, histogram);
      double seconds = (System.nanoTime() - started) / 1e9;
      double captureRate = leads / seconds;

      double single = jdbcInsertRate(dbUrl, inserts, 1);
      double eight = jdbcInsertRate(dbUrl, inserts, 8);

      System.out.printf(
          "capture  POST /v1/leads: %,.0f leads/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d failed)%n",
          captureRate,
          histogram.getValueAtPercentile(50) / 1e6,
          histogram.getValueAtPercentile(99) / 1e6,
          histogram.getMaxValue() / 1e6,
          failed);
      System.out.printf("postgres INSERT, 1 connection : %,.0f rows/s%n", single);
      System.out.printf("postgres INSERT, 8 connections: %,.0f rows/s%n", eight);
      System.out.printf(
          "ratio capture / postgres(8 connections): %.2f   capture / postgres(1 connection): %.2f%n",
          captureRate / eight, captureRate / single);
      await(vertx.close()); // before the server stops under the pool
    } finally {
      await(vertx.close());
    }
    System.exit(0);
  }

  private static int run(
      WebClient web, int port, int total, int concurrency, Object histogramOrLabel)
      throws Exception {
    Histogram histogram = histogramOrLabel instanceof Histogram h ? h : null;
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Promise<Void> finished = Promise.promise();
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          int i = sent.getAndIncrement();
          if (i >= total) {
            return;
          }
          String body =
              "{\"contact\":{\"firstName\":\"ada\",\"lastName\":\"LOVELACE\",\"email\":\"ada"
                  + i
                  + "-"
                  + run
                  + "@Example.org\",\"phone\":\"(415) 555-"
                  + String.format("%04d", i % 10_000)
                  + "\"},"
                  + "\"company\":{\"name\":\"Analytical Engines\"},\"location\":{\"countryCode\":\"USA\",\"regionCode\":\"California\"}}";
          long t0 = System.nanoTime();
          web.post(port, "127.0.0.1", "/v1/leads")
              .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
              .putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer(body))
              .onComplete(
                  ar -> {
                    if (histogram != null) {
                      histogram.recordValue(
                          Math.min(System.nanoTime() - t0, histogram.getHighestTrackableValue()));
                    }
                    if (ar.failed() || ar.result().statusCode() != 202) {
                      failed.incrementAndGet();
                    }
                    if (done.incrementAndGet() == total) {
                      finished.complete();
                    } else {
                      next[0].run();
                    }
                  });
        };
    for (int c = 0; c < Math.min(concurrency, total); c++) {
      next[0].run();
    }
    await(finished.future());
    return failed.get();
  }

  /** Autocommitted single-row inserts of a lead-sized row, from {@code connections} threads. */
  private static double jdbcInsertRate(String dbUrl, int total, int connections) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(dbUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    String table = "bench_insert_" + connections;
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword())) {
      c.createStatement()
          .execute(
              "CREATE TABLE "
                  + table
                  + " (id uuid PRIMARY KEY, email text, phone text, "
                  + "received_at timestamptz NOT NULL DEFAULT now(), lead bytea NOT NULL)");
    }
    byte[] payload = new byte[300]; // about the size of a normalized lead's protobuf
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int t = 0; t < connections; t++) {
      Thread thread =
          new Thread(
              () -> {
                try (Connection c =
                        DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
                    PreparedStatement insert =
                        c.prepareStatement(
                            "INSERT INTO "
                                + table
                                + " (id, email, phone, lead) VALUES (?, ?, ?, ?)")) {
                  int i;
                  while ((i = next.getAndIncrement()) < total) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, "ada" + i + "@example.org");
                    insert.setString(3, "+1415555" + String.format("%04d", i % 10_000));
                    insert.setBytes(4, payload);
                    insert.executeUpdate();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return total / ((System.nanoTime() - started) / 1e9);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
