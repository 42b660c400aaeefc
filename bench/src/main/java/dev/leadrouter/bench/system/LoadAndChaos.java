package dev.leadrouter.bench.system;

import dev.leadrouter.runtime.db.LocalPostgres;
import dev.leadrouter.standalone.ExampleData;
import dev.leadrouter.standalone.LocalPeers;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The whole system under load and faults, with figures anyone can reproduce: four service processes
 * on one PostgreSQL, a load generator posting leads over HTTP and gRPC at a steady rate with
 * bursts, a local SMTP sink timing each rep's email, and (with --chaos) each service killed with
 * SIGKILL in turn and restarted. Afterwards every accepted lead is traced through routing,
 * notification and SLA clock: lost and duplicated leads are counted. The same run measures the
 * machine's ceilings (PostgreSQL single-row inserts, Vert.x gRPC echo) for comparison.
 *
 * <p>Usage: {@code bench/run-system-bench.sh [--rate 100] [--duration 60] [--burst 300]
 * [--burst-every 15] [--chaos]}
 */
public final class LoadAndChaos {
  private static final String API_KEY = "bench-client-key-0123456789";
  private static final String INTERNAL_KEY = "bench-internal-key-0123456789";

  private LoadAndChaos() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    double rate = Double.parseDouble(opts.getOrDefault("rate", "100"));
    Duration duration = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("duration", "60")));
    int burst = Integer.parseInt(opts.getOrDefault("burst", "300"));
    Duration burstEvery =
        Duration.ofSeconds(Long.parseLong(opts.getOrDefault("burst-every", "15")));
    boolean chaos = opts.containsKey("chaos");
    Path out = Path.of(opts.getOrDefault("out", "bench/target/system-bench"));
    Files.createDirectories(out);

    Path pgData = Files.createTempDirectory("leadrouter-bench-pg");
    try (LocalPostgres pg = LocalPostgres.start(pgData, 0)) {
      String dbUrl = pg.urlFor("leadrouter");
      Vertx vertx = Vertx.vertx();
      SmtpSink sink = new SmtpSink(vertx);
      int smtpPort = Ceilings.await(sink.start());

      Map<String, Integer> grpc = new LinkedHashMap<>();
      Map<String, Integer> http = new LinkedHashMap<>();
      Map<String, Integer> management = new LinkedHashMap<>();
      for (String s : List.of("CAPTURE", "ROUTING", "NOTIFY", "SLA")) {
        grpc.put(s, freePort());
        http.put(s, freePort());
        management.put(s, freePort());
      }
      Map<String, String> env = new HashMap<>();
      env.put("LEADROUTER_DB_URL", dbUrl);
      env.put("LEADROUTER_INGEST_API_KEYS", "bench:" + API_KEY);
      env.put("LEADROUTER_INTERNAL_API_KEY", INTERNAL_KEY);
      env.put("LEADROUTER_ACK_SECRET", "bench-ack-secret-0123456789");
      env.put("NOTIFY_ACK_BASE_URL", "http://localhost:" + http.get("SLA"));
      env.put("LEADROUTER_BIND_HOST", "127.0.0.1");
      env.put("LEADROUTER_OUTBOX_POLL_INTERVAL", "500ms");
      env.put("LEADROUTER_SHUTDOWN_GRACE", "5s");
      grpc.forEach((s, p) -> env.put(s + "_GRPC_PORT", String.valueOf(p)));
      http.forEach((s, p) -> env.put(s + "_HTTP_PORT", String.valueOf(p)));
      management.forEach((s, p) -> env.put(s + "_MANAGEMENT_PORT", String.valueOf(p)));
      env.putAll(
          LocalPeers.addresses(
              grpc.get("CAPTURE"), grpc.get("ROUTING"), grpc.get("NOTIFY"), grpc.get("SLA")));
      env.put("NOTIFY_SMTP_HOST", "127.0.0.1");
      env.put("NOTIFY_SMTP_PORT", String.valueOf(smtpPort));
      env.put("NOTIFY_SMTP_STARTTLS", "DISABLED");
      env.put("NOTIFY_MAIL_FROM", "leadrouter <leads@bench.example>");
      env.put("CAPTURE_DEDUPE_WINDOW", "0s");

      List<ServiceProcess> services =
          List.of(
              new ServiceProcess(
                  "sla-service", "dev.leadrouter.sla.SlaMain", env, management.get("SLA"), out),
              new ServiceProcess(
                  "notify-service",
                  "dev.leadrouter.notify.NotifyMain",
                  env,
                  management.get("NOTIFY"),
                  out),
              new ServiceProcess(
                  "routing-service",
                  "dev.leadrouter.routing.RoutingMain",
                  env,
                  management.get("ROUTING"),
                  out),
              new ServiceProcess(
                  "capture-service",
                  "dev.leadrouter.capture.CaptureMain",
                  env,
                  management.get("CAPTURE"),
                  out));
      for (ServiceProcess s : services) {
        s.start();
        s.awaitReady(Duration.ofMinutes(2));
      }
      GrpcClient admin = GrpcClient.client(vertx);
      Ceilings.await(
          ExampleData.load(
              admin,
              SocketAddress.inetSocketAddress(grpc.get("ROUTING"), "127.0.0.1"),
              INTERNAL_KEY,
              ExampleData.readTeam(Path.of("examples/team.yaml")),
              Files.readString(Path.of("examples/routing-matrix.yaml"))));

      LoadGenerator load =
          new LoadGenerator(vertx, http.get("CAPTURE"), grpc.get("CAPTURE"), API_KEY, 2000);
      List<String> events = new ArrayList<>();
      Thread chaosThread = chaos ? chaosMonkey(services, duration, events) : null;
      Instant started = Instant.now();
      load.run(rate, duration, burst, burstEvery);
      Duration loadTime = Duration.between(started, Instant.now());
      if (chaosThread != null) {
        chaosThread.join();
      }
      long acceptedCount = awaitInFlight(load);
      Instant drainStart = Instant.now();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < deadline && sink.firstArrival.size() < acceptedCount) {
        Thread.sleep(250);
      }
      Duration drain = Duration.between(drainStart, Instant.now());

      Report report = new Report(load, sink, acceptedCount, loadTime, drain, events);
      report.countDatabase(pg.port());
      for (ServiceProcess s : services) {
        s.stop();
      }
      System.out.println("measuring ceilings...");
      report.postgres =
          Ceilings.postgresInserts(
              "jdbc:postgresql://127.0.0.1:" + pg.port() + "/leadrouter",
              "postgres",
              "postgres",
              8,
              Duration.ofSeconds(10));
      report.postgresSingle =
          Ceilings.postgresInserts(
              "jdbc:postgresql://127.0.0.1:" + pg.port() + "/leadrouter",
              "postgres",
              "postgres",
              1,
              Duration.ofSeconds(5));
      report.echo = Ceilings.grpcEcho(256, Duration.ofSeconds(10));
      String text = report.render(rate, duration, burst, burstEvery, chaos);
      System.out.println(text);
      Files.writeString(out.resolve("report.txt"), text);
      Ceilings.await(sink.close());
      Ceilings.await(vertx.close());
    }
  }

  /**
   * Kills each service with SIGKILL in turn, spread over the run, and restarts it a few seconds
   * later.
   */
  private static Thread chaosMonkey(
      List<ServiceProcess> services, Duration duration, List<String> events) {
    Thread t =
        new Thread(
            () -> {
              long slot = duration.toMillis() / (services.size() + 1);
              try {
                for (ServiceProcess s :
                    List.of(services.get(3), services.get(2), services.get(1), services.get(0))) {
                  Thread.sleep(slot);
                  long t0 = System.nanoTime();
                  s.kill();
                  events.add(String.format("%s killed (SIGKILL)", s.name()));
                  Thread.sleep(3000);
                  s.start();
                  s.awaitReady(Duration.ofMinutes(2));
                  events.add(
                      String.format(
                          "%s back after %.1f s", s.name(), (System.nanoTime() - t0) / 1e9));
                }
              } catch (Exception e) {
                events.add("chaos stopped: " + e);
              }
            },
            "chaos");
    t.start();
    return t;
  }

  private static long awaitInFlight(LoadGenerator load) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (load.inFlight.get() > 0 && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    return load.accepted.values().stream().filter(b -> b).count();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        String key = args[i].substring(2);
        boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
        out.put(key, hasValue ? args[++i] : "true");
      }
    }
    return out;
  }

  /** Everything counted and measured, rendered as one plain-text report. */
  private static final class Report {
    final LoadGenerator load;
    final SmtpSink sink;
    final long accepted;
    final Duration loadTime;
    final Duration drain;
    final List<String> events;
    long storedLeads;
    long routedLeads;
    long assignmentRows;
    long clockedAssignments;
    long sentDeliveries;
    Ceilings.Rate postgres;
    Ceilings.Rate postgresSingle;
    Ceilings.Echo echo;

    Report(
        LoadGenerator load,
        SmtpSink sink,
        long accepted,
        Duration loadTime,
        Duration drain,
        List<String> events) {
      this.load = load;
      this.sink = sink;
      this.accepted = accepted;
      this.loadTime = loadTime;
      this.drain = drain;
      this.events = events;
    }

    void countDatabase(int port) throws Exception {
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:" + port + "/leadrouter", "postgres", "postgres")) {
        storedLeads = one(c, "SELECT count(*) FROM capture.leads");
        routedLeads = one(c, "SELECT count(DISTINCT lead_id) FROM routing.assignments");
        assignmentRows = one(c, "SELECT count(*) FROM routing.assignments WHERE sequence = 0");
        clockedAssignments = one(c, "SELECT count(DISTINCT assignment_id) FROM sla.clocks");
        sentDeliveries = one(c, "SELECT count(*) FROM notify.deliveries WHERE status = 'SENT'");
      }
    }

    private static long one(Connection c, String sql) throws Exception {
      try (ResultSet rs = c.createStatement().executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    String render(double rate, Duration duration, int burst, Duration burstEvery, boolean chaos) {
      Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
      long notifiedAccepted = 0;
      for (var e : load.accepted.entrySet()) {
        if (!e.getValue()) {
          continue;
        }
        Long arrived = sink.firstArrival.get(e.getKey());
        Long sent = load.sentAt.get(e.getKey());
        if (arrived != null && sent != null) {
          notifiedAccepted++;
          latency.recordValue(Math.max(1, (arrived - sent) / 1000));
        }
      }
      long duplicateEmails = sink.emailsPerLead.values().stream().mapToLong(n -> n.get() - 1).sum();
      double sustained = accepted / (loadTime.toNanos() / 1e9);
      StringBuilder r = new StringBuilder();
      r.append("leadrouter system benchmark, ").append(Instant.now()).append('\n');
      r.append(
          String.format(
              "machine: %d cores, Java %s%n",
              Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
      r.append(
          String.format(
              "load: %.0f leads/s steady + bursts of %d every %d s, for %d s, HTTP and gRPC alternating; chaos: %s%n",
              rate,
              burst,
              burstEvery.toSeconds(),
              duration.toSeconds(),
              chaos ? "each service SIGKILLed once and restarted" : "off"));
      events.forEach(e -> r.append("  event: ").append(e).append('\n'));
      r.append('\n');
      r.append(
          String.format(
              "sent %d, accepted (2xx/OK) %d, refused or failed %d, not sent (generator cap) %d%n",
              load.sequence.get(), accepted, load.refused.get(), load.skipped.get()));
      r.append(
          String.format(
              "sustained accepted rate: %.1f leads/s over %.1f s; drain after load: %.1f s%n",
              sustained, loadTime.toNanos() / 1e9, drain.toNanos() / 1e9));
      r.append(
          String.format(
              "stored by capture: %d | routed (distinct leads): %d | first assignments: %d | SLA clocks: %d | deliveries SENT: %d%n",
              storedLeads, routedLeads, assignmentRows, clockedAssignments, sentDeliveries));
      r.append(
          String.format(
              "accepted leads notified: %d of %d -> lost: %d%n",
              notifiedAccepted, accepted, accepted - notifiedAccepted));
      r.append(
          String.format(
              "duplicate emails at the SMTP sink: %d (%.3f%% of notified leads)%n",
              duplicateEmails,
              notifiedAccepted == 0 ? 0.0 : 100.0 * duplicateEmails / notifiedAccepted));
      r.append(
          String.format(
              "capture-to-notified (HTTP/gRPC send -> end of SMTP DATA): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
              latency.getValueAtPercentile(50) / 1000.0,
              latency.getValueAtPercentile(99) / 1000.0,
              latency.getValueAtPercentile(99.9) / 1000.0,
              latency.getMaxValue() / 1000.0));
      r.append('\n').append("ceilings measured in the same run:\n");
      r.append(
          String.format(
              "  PostgreSQL single-row inserts (autocommit), 1 connection: %.0f/s; 8 connections: %.0f/s%n",
              postgresSingle.perSecond(), postgres.perSecond()));
      r.append(
          String.format(
              "  Vert.x gRPC unary echo, 256 in flight: %.0f calls/s, p50 %.2f ms, p99 %.2f ms%n",
              echo.callsPerSecond(),
              echo.latencyMicros().getValueAtPercentile(50) / 1000.0,
              echo.latencyMicros().getValueAtPercentile(99) / 1000.0));
      r.append(
          String.format(
              "  ratios: sustained leads/s vs 8-connection inserts/s = %.3f; vs gRPC echo calls/s = %.4f%n",
              sustained / postgres.perSecond(), sustained / echo.callsPerSecond()));
      r.append(
          """
            (each lead costs about a dozen committed writes across the four services: lead+outbox, assignment+cursor+outbox x2,
             delivery+outbox, clock, and the outbox deletes)
          """);
      return r.toString();
    }
  }
}
