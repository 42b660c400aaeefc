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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * [--burst-every 15] [--chaos] [--warmup 60] [--warmup-rate 50] [--capacity] [--step 20]}. The
 * warm-up runs first and is not counted; {@code --capacity} then steps a steady rate up until p99
 * misses 1 s.
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
    Duration warmup = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup", "60")));
    double warmupRate = Double.parseDouble(opts.getOrDefault("warmup-rate", "50"));
    boolean capacity = opts.containsKey("capacity");
    Duration capacityStep = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("step", "20")));
    Path out = Path.of(opts.getOrDefault("out", "bench/target/system-bench"));
    Files.createDirectories(out);

    Path pgData = Files.createTempDirectory("leadrouter-bench-pg");
    try (LocalPostgres pg =
        LocalPostgres.start(
            pgData, 0, true, Map.of("shared_preload_libraries", "pg_stat_statements"))) {
      String dbUrl = pg.urlFor("leadrouter");
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:" + pg.port() + "/leadrouter", "postgres", "postgres")) {
        c.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      }
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
      // Nobody touches the bench's leads: with the default 5-minute target their SLA warnings
      // would start firing mid-run and load the capacity steps with work no lead in them caused.
      env.put("SLA_FIRST_TOUCH_TARGET", "2h");
      env.put("SLA_WARN_BEFORE", "1h");

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
      String jdbc = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/leadrouter";
      CpuShares cpu = new CpuShares(services);
      List<String> events = new ArrayList<>();
      if (!warmup.isZero()) {
        // Four JVMs compiling their hot paths at once take most of two cores for a minute; leads
        // sent meanwhile would measure the JIT, not leadrouter.
        System.out.println("warming up...");
        Window w = Window.open(load, cpu, jdbc);
        load.run(warmupRate, warmup, 0, burstEvery);
        w.close(load, sink, Duration.ofMinutes(3));
        events.add(
            String.format(
                "warm-up: %.0f leads/s for %d s (%d leads, not counted below)",
                warmupRate, warmup.toSeconds(), w.accepted(load)));
      }
      Window window = Window.open(load, cpu, jdbc);
      Statements.Baseline baseline = Statements.reset(jdbc);
      Thread chaosThread = chaos ? chaosMonkey(services, duration, events) : null;
      load.run(rate, duration, burst, burstEvery);
      Duration loadTime = window.elapsed();
      if (chaosThread != null) {
        chaosThread.join();
      }
      Duration drain = window.close(load, sink, Duration.ofMinutes(3));

      Report report = new Report(load, sink, window, loadTime, drain, events);
      report.countDatabase(jdbc);
      report.statements = Statements.top(jdbc, 12, report.accepted, baseline);
      if (capacity) {
        report.capacity = capacitySearch(load, sink, cpu, jdbc, capacityStep);
      }
      for (ServiceProcess s : services) {
        s.stop();
      }
      System.out.println("measuring ceilings...");
      report.postgres =
          Ceilings.postgresInserts(jdbc, "postgres", "postgres", 8, Duration.ofSeconds(10));
      report.postgresSingle =
          Ceilings.postgresInserts(jdbc, "postgres", "postgres", 1, Duration.ofSeconds(5));
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

  /** One step of the capacity search: a steady rate, and what the pipeline did with it. */
  private record Step(
      double rate,
      long sent,
      long accepted,
      long notified,
      Histogram endToEnd,
      Duration drain,
      String cpu) {
    boolean kept() {
      return accepted == sent && notified == accepted && endToEnd.getValueAtPercentile(99) < 1e6;
    }
  }

  /**
   * Steady load at rising rates, each step drained before the next, until one misses p99 under 1 s
   * (or refuses or loses a lead). The highest step that held is the capacity.
   */
  private static List<Step> capacitySearch(
      LoadGenerator load, SmtpSink sink, CpuShares cpu, String jdbc, Duration step)
      throws Exception {
    List<Step> steps = new ArrayList<>();
    for (double rate :
        new double[] {25, 50, 100, 125, 150, 175, 200, 250, 300, 400, 600, 800, 1000}) {
      System.out.printf("capacity step: %.0f leads/s%n", rate);
      Window w = Window.open(load, cpu, jdbc);
      load.run(rate, step, 0, step);
      Duration drain = w.close(load, sink, Duration.ofMinutes(2));
      Step s =
          new Step(
              rate,
              w.sent(),
              w.accepted(load),
              w.notified(load, sink),
              w.endToEnd(load, sink),
              drain,
              w.cpu(load));
      steps.add(s);
      if (!s.kept()) {
        break;
      }
    }
    return steps;
  }

  /** Everything counted and measured, rendered as one plain-text report. */
  private static final class Report {
    final LoadGenerator load;
    final SmtpSink sink;
    final Window window;
    final long accepted;
    final Duration loadTime;
    final Duration drain;
    final List<String> events;
    long storedLeads;
    long routedLeads;
    long assignmentRows;
    long clockedAssignments;
    long sentDeliveries;

    /** Per-stage latency percentiles from the services' own timestamps, one line per stage. */
    final List<String> stages = new ArrayList<>();

    List<Step> capacity;
    String statements;
    Ceilings.Rate postgres;
    Ceilings.Rate postgresSingle;
    Ceilings.Echo echo;

    Report(
        LoadGenerator load,
        SmtpSink sink,
        Window window,
        Duration loadTime,
        Duration drain,
        List<String> events) {
      this.load = load;
      this.sink = sink;
      this.window = window;
      this.accepted = window.accepted(load);
      this.loadTime = loadTime;
      this.drain = drain;
      this.events = events;
    }

    /** Counts and stage latencies of the rows written since the window opened. */
    void countDatabase(String jdbc) throws Exception {
      try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
        String leads = "(SELECT lead_id FROM capture.leads WHERE created_at >= ?)";
        String firsts =
            "(SELECT a.* FROM routing.assignments a WHERE a.sequence = 0 AND a.lead_id IN "
                + leads
                + ")";
        storedLeads = one(c, "SELECT count(*) FROM " + leads + " l");
        routedLeads =
            one(
                c,
                "SELECT count(DISTINCT lead_id) FROM routing.assignments WHERE lead_id IN "
                    + leads);
        assignmentRows = one(c, "SELECT count(*) FROM " + firsts + " a");
        clockedAssignments =
            one(
                c,
                "SELECT count(DISTINCT k.assignment_id) FROM sla.clocks k JOIN "
                    + firsts
                    + " a ON k.assignment_id = a.assignment_id::text");
        sentDeliveries =
            one(
                c,
                "SELECT count(*) FROM notify.deliveries d JOIN "
                    + firsts
                    + " a ON d.assignment_id = a.assignment_id::text WHERE d.status = 'SENT'");
        stage(
            c,
            "stored -> assigned (capture outbox relay, Route)",
            "SELECT a.decided_at - l.created_at FROM capture.leads l "
                + "JOIN routing.assignments a ON a.lead_id = l.lead_id AND a.sequence = 0 "
                + "WHERE l.created_at >= ?");
        stage(
            c,
            "assigned -> delivery stored (routing outbox relay, Notify)",
            "SELECT d.created_at - a.decided_at FROM "
                + firsts
                + " a JOIN notify.deliveries d ON d.assignment_id = a.assignment_id::text "
                + "AND d.kind = 'NEW_LEAD' AND d.channel = 'EMAIL'");
        stage(
            c,
            "delivery stored -> sent (notify outbox relay, SMTP)",
            "SELECT d.sent_at - d.created_at FROM "
                + firsts
                + " a JOIN notify.deliveries d ON d.assignment_id = a.assignment_id::text "
                + "AND d.kind = 'NEW_LEAD' AND d.channel = 'EMAIL' WHERE d.sent_at IS NOT NULL");
      }
    }

    /**
     * p50/p99/max of one stage, from timestamps the services wrote (transaction start times, so a
     * stage includes the lock and commit waits of the transaction that ends it).
     */
    private void stage(Connection c, String name, String intervals) throws Exception {
      String sql =
          "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), "
              + "percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms) FROM "
              + "(SELECT extract(epoch FROM d) * 1000 AS ms FROM ("
              + intervals
              + ") s(d)) t";
      try (PreparedStatement q = c.prepareStatement(sql)) {
        q.setTimestamp(1, window.dbStart);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          stages.add(
              String.format(
                  "  %-58s p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                  name, rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)));
        }
      }
    }

    private long one(Connection c, String sql) throws Exception {
      try (PreparedStatement q = c.prepareStatement(sql)) {
        q.setTimestamp(1, window.dbStart);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    String render(double rate, Duration duration, int burst, Duration burstEvery, boolean chaos) {
      Histogram latency = window.endToEnd(load, sink);
      long notifiedAccepted = window.notified(load, sink);
      Histogram ack = window.ack(load);
      long duplicateEmails =
          sink.emailsPerLead.entrySet().stream()
              .filter(e -> window.contains(e.getKey()))
              .mapToLong(e -> e.getValue().get() - 1)
              .sum();
      long duplicatesSeen =
          sink.messageIdsPerLead.entrySet().stream()
              .filter(e -> window.contains(e.getKey()))
              .mapToLong(e -> e.getValue().size() - 1)
              .sum();
      double sustained = accepted / (loadTime.toNanos() / 1e9);
      StringBuilder r = new StringBuilder();
      r.append("leadrouter system benchmark, ").append(Instant.now()).append('\n');
      r.append(
          String.format(
              "machine: %d cores, Java %s%n",
              Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
      r.append(
          String.format(
              "load: %.0f leads/s steady + bursts of %d every %d s, for %d s, HTTP and gRPC alternating; SLA target 2 h (no warnings fire mid-run); chaos: %s%n",
              rate,
              burst,
              burstEvery.toSeconds(),
              duration.toSeconds(),
              chaos ? "each service SIGKILLed once and restarted" : "off"));
      events.forEach(e -> r.append("  event: ").append(e).append('\n'));
      if (chaos) {
        r.append(
            "  (rows a killed process held, claimed or written for its own relay, are released once\n"
                + "   its relay misses heartbeats for 6 s and its replacement is up; rows that backed off\n"
                + "   while a receiver was down are retried as soon as it answers again)\n");
      }
      r.append('\n');
      r.append(
          String.format(
              "sent %d, accepted (2xx/OK) %d, refused, failed or not sent (generator cap) %d%n",
              window.sent(), accepted, window.sent() - accepted));
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
              "  of which with a Message-ID of their own (separate messages in the rep's mail client): %d%n",
              duplicatesSeen));
      r.append(
          String.format(
              "capture-to-notified (HTTP/gRPC send -> end of SMTP DATA): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
              latency.getValueAtPercentile(50) / 1000.0,
              latency.getValueAtPercentile(99) / 1000.0,
              latency.getValueAtPercentile(99.9) / 1000.0,
              latency.getMaxValue() / 1000.0));
      r.append(
          String.format(
              "capture ack (send -> 2xx/OK at the generator): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
              ack.getValueAtPercentile(50) / 1000.0,
              ack.getValueAtPercentile(99) / 1000.0,
              ack.getMaxValue() / 1000.0));
      r.append("stages, from the services' timestamps:\n");
      stages.forEach(line -> r.append(line).append('\n'));
      r.append(
          "CPU from the first lead to the last email (the machine is the ceiling when 'all' nears 100%):\n");
      r.append(window.cpu(load));
      r.append(statements);
      if (capacity != null) {
        renderCapacity(r);
      }
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

    private void renderCapacity(StringBuilder r) {
      r.append('\n').append("capacity search (steady load, each step drained before the next):\n");
      double best = 0;
      for (Step s : capacity) {
        r.append(
            String.format(
                "  %5.0f leads/s: accepted %d of %d, notified %d, end-to-end p50 %.1f ms, p99 %.1f ms, drain %.1f s -> %s%n",
                s.rate(),
                s.accepted(),
                s.sent(),
                s.notified(),
                s.endToEnd().getValueAtPercentile(50) / 1000.0,
                s.endToEnd().getValueAtPercentile(99) / 1000.0,
                s.drain().toNanos() / 1e9,
                s.kept() ? "held" : "missed"));
        if (s.kept()) {
          best = s.rate();
        }
      }
      Step last = capacity.get(capacity.size() - 1);
      r.append(String.format("  capacity (highest rate with p99 under 1 s): %.0f leads/s%n", best));
      r.append(String.format("  CPU at the last step (%.0f leads/s):%n", last.rate()))
          .append(last.cpu());
    }
  }
}
