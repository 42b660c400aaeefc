package dev.leadrouter.bench.sla;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.LocalPostgres;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.sla.SlaVerticle;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.NotifyResponse;
import dev.leadrouter.v1.NotifyServiceGrpcService;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.pgclient.PgConnectOptions;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * SLA clocks at scale: N open clocks in PostgreSQL (default 100,000 and 1,000,000), then a burst of
 * B deadlines coming due at the same instant. Prints the scheduler's heap, the database size, and
 * the firing lag (fired_at - due_at of each clock's BREACH step) p50/p99/max from an HdrHistogram.
 *
 * <pre>./mvnw -q -B -pl bench exec:java -Dexec.mainClass=dev.leadrouter.bench.sla.SlaClockBench \
 *     -Dexec.args="100000,1000000 10000"</pre>
 */
public final class SlaClockBench {
  private SlaClockBench() {}

  public static void main(String[] args) throws Exception {
    String[] sizes = (args.length > 0 ? args[0] : "100000,1000000").split(",", -1);
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    java.nio.file.Path pgData = java.nio.file.Files.createTempDirectory("leadrouter-sla-bench-pg");
    try (LocalPostgres pg = LocalPostgres.start(pgData, 0)) {
      int n = 0;
      for (String size : sizes) {
        run(pg.urlFor("sla_bench_" + n++), Integer.parseInt(size.trim()), burst);
      }
    }
    System.exit(0);
  }

  private static void run(String dbUrl, int open, int burst) throws Exception {
    Vertx vertx = Vertx.vertx();
    int peerPort = acceptingPeers(vertx);
    Settings settings =
        TestSettings.forDatabase(
            dbUrl,
            Map.of(
                "SLA_NOTIFY_ADDRESS",
                "127.0.0.1:" + peerPort,
                "SLA_ROUTING_ADDRESS",
                "127.0.0.1:" + peerPort,
                "SLA_DB_POOL_SIZE",
                "16",
                "SLA_WEEKLY_REPORT_ENABLED",
                "false"));
    SlaVerticle sla = new SlaVerticle(settings);
    await(vertx.deployVerticle(sla));
    long heapIdle = usedHeapAfterGc();

    try (Connection c = jdbc(settings);
        Statement s = c.createStatement()) {
      long t0 = System.nanoTime();
      // Open clocks whose next step is days away: the scheduler must not hold any of them.
      s.execute(
          "INSERT INTO clocks (assignment_id, lead_id, rep_id, manager_rep_id, policy_id, state, started_at,"
              + " deadline, escalate_at, next_fire_at, next_step)"
              + " SELECT 'a-' || g, 'l-' || g, 'rep-' || (g % 500), 'boss-' || (g % 20), 'default', 'RUNNING', now(),"
              + "   now() + interval '2 days' + g * interval '1 second', now() + interval '2 days' + g * interval '1 second',"
              + "   now() + interval '2 days' + g * interval '1 second', 'BREACH'"
              + " FROM generate_series(1, "
              + open
              + ") AS g");
      s.execute("ANALYZE clocks");
      double insertSeconds = (System.nanoTime() - t0) / 1e9;
      long dbBytes = scalar(s, "SELECT pg_total_relation_size('clocks')");
      Thread.sleep(3000);
      long heapWithClocks = usedHeapAfterGc();
      System.out.printf(
          "%n== %,d open clocks (inserted in %.1f s); database: clocks table + indexes %,d MB%n",
          open, insertSeconds, dbBytes / (1024 * 1024));
      System.out.printf(
          "heap used after GC: before insert %,d MB, with %,d open clocks %,d MB; held timers %d%n",
          heapIdle / (1024 * 1024),
          open,
          heapWithClocks / (1024 * 1024),
          sla.scheduler().heldCount());

      // A burst: B clocks all due at the same instant 8 s from now (past the 5 s horizon, so they
      // are
      // claimed and held as timers before they are due, as in production).
      s.execute(
          "UPDATE clocks SET deadline = date_trunc('second', now()) + interval '8 seconds',"
              + " escalate_at = date_trunc('second', now()) + interval '8 seconds',"
              + " next_fire_at = date_trunc('second', now()) + interval '8 seconds'"
              + " WHERE clock_id IN (SELECT clock_id FROM clocks ORDER BY random() LIMIT "
              + burst
              + ")");
      int peakHeld = 0;
      long peakHeap = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        peakHeld = Math.max(peakHeld, sla.scheduler().heldCount());
        peakHeap =
            Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        if (scalar(s, "SELECT count(*) FROM clock_steps WHERE step = 'ESCALATE'") >= burst) {
          break;
        }
        Thread.sleep(100);
      }
      Histogram lag = new Histogram(3_600_000_000L, 3);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT (extract(epoch FROM fired_at - due_at) * 1000000)::bigint"
                  + " FROM clock_steps WHERE step = 'BREACH'")) {
        while (rs.next()) {
          lag.recordValue(Math.max(0, rs.getLong(1)));
        }
      }
      long fired = lag.getTotalCount();
      long span =
          scalar(
              s,
              "SELECT (extract(epoch FROM max(fired_at) - min(fired_at)) * 1000)::bigint FROM clock_steps");
      System.out.printf(
          "burst of %,d deadlines due together: %,d fired (x2 steps); firing lag p50 %.1f ms, p90 %.1f ms,"
              + " p99 %.1f ms, max %.1f ms; all steps fired within %,d ms (%.0f steps/s)%n",
          burst,
          fired,
          lag.getValueAtPercentile(50) / 1000.0,
          lag.getValueAtPercentile(90) / 1000.0,
          lag.getValueAtPercentile(99) / 1000.0,
          lag.getMaxValue() / 1000.0,
          span,
          2.0 * fired * 1000 / Math.max(1, span));
      System.out.printf(
          "peak timers held %,d; peak heap used during the burst %,d MB%n",
          peakHeld, peakHeap / (1024 * 1024));
    }
    await(vertx.close());
  }

  /**
   * Answers Notify, GetRep, GetAssignment, Reassign, RecordFirstTouch with OK, like healthy peers.
   */
  private static int acceptingPeers(Vertx vertx) throws Exception {
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.addService(
        new NotifyServiceGrpcService() {
          @Override
          public Future<NotifyResponse> notify(dev.leadrouter.v1.NotifyRequest request) {
            return Future.succeededFuture(NotifyResponse.getDefaultInstance());
          }
        });
    grpc.addService(
        new RoutingServiceGrpcService() {
          @Override
          public Future<Rep> getRep(dev.leadrouter.v1.GetRepRequest request) {
            return Future.succeededFuture(
                Rep.newBuilder().setRepId(request.getRepId()).setEmail("x@example.com").build());
          }

          @Override
          public Future<Assignment> getAssignment(dev.leadrouter.v1.GetAssignmentRequest request) {
            return Future.succeededFuture(Assignment.getDefaultInstance());
          }
        });
    return await(vertx.createHttpServer().requestHandler(grpc).listen(0, "127.0.0.1")).actualPort();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long scalar(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Connection jdbc(Settings settings) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(settings.required("LEADROUTER_DB_URL"));
    return DriverManager.getConnection(
        "jdbc:postgresql://"
            + o.getHost()
            + ":"
            + o.getPort()
            + "/"
            + o.getDatabase()
            + "?currentSchema=sla",
        o.getUser(),
        o.getPassword());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
