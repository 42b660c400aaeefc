package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 mid-batch: two notify-service replicas run as child JVMs on one database and share the
 * work; one is killed with deliveries in flight, a third is started, and the survivors finish every
 * delivery once the dead replica's leases expire. Sinks are a Twilio stand-in (sends are answered
 * slowly, so some are accepted but never answered) and a CRM webhook. Prints the duplicate rate
 * seen at each sink.
 */
class NotifyCrashTest {
  private static final int NOTIFICATIONS = 80;
  private static final String WEBHOOK_SECRET = WebhookChannelTest.SECRET;

  @Test
  void deliveriesOfAKilledReplicaAreFinishedByAnotherWithoutSmsDuplicates() throws Exception {
    String dbUrl = TestDatabase.newDatabase();
    SmsChannelTest.FakeTwilio twilio = new SmsChannelTest.FakeTwilio();
    twilio.sendDelayMillis = 150;
    Vertx vertx = Vertx.vertx();
    try (twilio.http;
        FakeProvider crm = FakeProvider.start(r -> FakeProvider.Reply.text(200, "ok").after(150))) {
      Map<String, String> env = environment(dbUrl, twilio, crm);

      Process first = NotifyReplicas.start(env, "notify-crash-a");
      Process second = NotifyReplicas.start(NotifyReplicas.withOwnPorts(env), "notify-crash-b");
      int grpcPort = Integer.parseInt(env.get("NOTIFY_GRPC_PORT"));
      GrpcClient client = GrpcClient.client(vertx);
      SocketAddress address = SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1");
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < NOTIFICATIONS; i++) {
        calls.add(
            GrpcCalls.unary(
                client,
                address,
                TestSettings.INTERNAL_KEY,
                NotifyServiceGrpcClient.Notify,
                request(i),
                Duration.ofSeconds(20)));
      }
      RunningNotify.await(Future.all(calls));
      // Kill while a batch is on the wire: some sends accepted by the provider, none answered yet.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> twilio.http.requests("POST").size() >= NOTIFICATIONS / 4);
      first.destroyForcibly().waitFor();
      Map<String, Long> atKill = statusCounts(dbUrl);
      Map<String, Long> attemptsInFlightAtKill =
          attempts(
              dbUrl, "SELECT id::text, attempts FROM notify.deliveries WHERE status = 'SENDING'");

      Process third = NotifyReplicas.start(NotifyReplicas.withOwnPorts(env), "notify-crash-c");
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> statusCounts(dbUrl).getOrDefault("SENT", 0L) == 2L * NOTIFICATIONS);
      } finally {
        second.destroyForcibly().waitFor();
        third.destroyForcibly().waitFor();
      }

      Map<String, Long> smsPerDelivery =
          counts(
              twilio.accepted().stream().map(m -> m.getString("body")).toList(),
              body -> body.replaceAll(".*\\[(ref [0-9a-f]+)]$", "$1"));
      Map<String, Long> hooksPerDelivery =
          counts(crm.requests(), r -> r.header("X-Leadrouter-Delivery-Id"));
      long smsDuplicates = duplicates(smsPerDelivery);
      long hookDuplicates = duplicates(hooksPerDelivery);
      System.out.printf(
          "crash test: statuses at kill %s; SMS: %d deliveries, %d accepted, %d duplicates (%.2f%%), "
              + "%d look-ups; webhook: %d deliveries, %d requests, %d duplicates (%.2f%%)%n",
          atKill,
          smsPerDelivery.size(),
          twilio.accepted().size(),
          smsDuplicates,
          100.0 * smsDuplicates / NOTIFICATIONS,
          twilio.http.requests("GET").size(),
          hooksPerDelivery.size(),
          crm.requests().size(),
          hookDuplicates,
          100.0 * hookDuplicates / NOTIFICATIONS);

      assertThat(atKill.getOrDefault("SENDING", 0L))
          .as("deliveries in flight at the kill")
          .isPositive();
      // Which replica wins which lease is timing; what matters is that the survivors finished A's
      // work. A takeover shows in the database: a delivery the dead replica had claimed was claimed
      // again (its attempts grew) and sent. Deliveries the live replica had in flight keep theirs.
      Map<String, Long> attemptsAfter =
          attempts(dbUrl, "SELECT id::text, attempts FROM notify.deliveries WHERE status = 'SENT'");
      assertThat(
              attemptsInFlightAtKill.entrySet().stream()
                  .filter(e -> attemptsAfter.getOrDefault(e.getKey(), 0L) > e.getValue())
                  .count())
          .as("deliveries in flight at the kill that the survivors took over and sent")
          .isPositive();
      assertThat(smsPerDelivery).hasSize(NOTIFICATIONS);
      assertThat(hooksPerDelivery).hasSize(NOTIFICATIONS);
      // SMS checks the provider before resending what a dead replica may have sent: no duplicates.
      assertThat(smsDuplicates).isZero();
      assertThat(twilio.http.requests("GET")).as("look-ups after the kill").isNotEmpty();
      // Webhooks are at least once: only deliveries in flight at the kill (one batch per topic) may
      // repeat.
      assertThat(hookDuplicates).isLessThanOrEqualTo(16);
    } finally {
      RunningNotify.await(vertx.close());
    }
  }

  private static Map<String, String> environment(
      String dbUrl, SmsChannelTest.FakeTwilio twilio, FakeProvider crm) {
    Map<String, String> env = NotifyReplicas.environment(dbUrl, "3s");
    env.put("LEADROUTER_READ_API_KEYS", "test-reader:" + TestSettings.READ_KEY);
    env.put("NOTIFY_MAX_RATE_WAIT", "100ms");
    env.put("NOTIFY_CHANNELS_DEFAULT", "SMS,WEBHOOK");
    env.put("NOTIFY_TWILIO_ACCOUNT_SID", SmsChannelTest.SID);
    env.put("NOTIFY_TWILIO_AUTH_TOKEN", SmsChannelTest.TOKEN);
    env.put("NOTIFY_TWILIO_FROM", SmsChannelTest.FROM);
    env.put("NOTIFY_TWILIO_API_BASE", twilio.http.url(""));
    env.put("NOTIFY_SMS_RATE", "0");
    env.put("NOTIFY_WEBHOOK_URL", crm.url("/crm"));
    env.put("NOTIFY_WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.put("NOTIFY_WEBHOOK_RATE", "0");
    return env;
  }

  private static NotifyRequest request(int i) {
    NotifyRequest base = TestRequests.newLead("crash" + i + "@sales.example");
    // One number per rep: the look-up lists the newest messages to a number.
    return base.toBuilder()
        .setRecipients(0, base.getRecipients(0).toBuilder().setPhone(String.format("+1415%07d", i)))
        .build();
  }

  /** Delivery id to attempts, for the rows a query selects as (id, attempts). */
  private static Map<String, Long> attempts(String dbUrl, String sql) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(dbUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      Map<String, Long> out = new TreeMap<>();
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
      return out;
    }
  }

  private static Map<String, Long> statusCounts(String dbUrl) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(dbUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT status, count(*) FROM notify.deliveries GROUP BY status")) {
      Map<String, Long> counts = new TreeMap<>();
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
      return counts;
    }
  }

  private static <T> Map<String, Long> counts(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
  }

  private static long duplicates(Map<String, Long> perDelivery) {
    return perDelivery.values().stream().mapToLong(n -> n - 1).sum();
  }
}
