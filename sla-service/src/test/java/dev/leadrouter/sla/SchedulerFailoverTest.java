package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.ServiceJvm;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.runtime.testing.TestPorts;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.StartClockRequest;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durable timers: a replica killed while it holds leases, and a restart with clocks that came due
 * while no replica ran. Policy: 3 s target, no warning, manager alert at the deadline.
 */
class SchedulerFailoverTest {
  private static final Map<String, String> POLICY =
      Map.of("SLA_FIRST_TOUCH_TARGET", "3s", "SLA_WARN_BEFORE", "0s");
  private static Vertx vertx;
  private static PeerStandIns peers;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    peers = PeerStandIns.start(vertx);
  }

  @AfterAll
  static void stop() {
    peers.stop();
    RunningSlaService.await(vertx.close(), Duration.ofSeconds(10));
  }

  @Test
  void clocksLeasedByAKilledProcessFireOnceOnTheSurvivorAfterTheLease() throws Exception {
    String dbUrl = TestDatabase.newDatabase();
    Map<String, String> extra = new HashMap<>(peers.settings());
    extra.putAll(POLICY);
    Settings settings = TestSettings.forDatabase(dbUrl, extra);
    // The survivor looks only 2 s ahead, the child 60 s: the child claims the clocks first.
    RunningSlaService survivor =
        RunningSlaService.start(
            vertx, Clock.systemUTC(), settings.with(Map.of("SLA_SCHEDULER_HORIZON", "2s")));
    SlaTables tables = new SlaTables(settings);
    int childManagementPort = TestPorts.free();
    Process child =
        startChild(
            settings,
            Map.of(
                "SLA_SCHEDULER_HORIZON",
                "60s",
                "SLA_MANAGEMENT_PORT",
                Integer.toString(childManagementPort)));
    try {
      // Clocks are started only once the child runs (its scheduler starts with its endpoints), so
      // how long a JVM takes to start on a busy machine no longer eats into the time it has to
      // claim them.
      awaitReady(child, childManagementPort);
      String prefix = "kill-" + UUID.randomUUID() + "-";
      int clocks = 20;
      // Due 8 s from now: the child claims them at its next poll (1 s); the survivor would only
      // look at them 2 s before they are due.
      Instant assignedAt = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < clocks; i++) {
        survivor.call(
            SlaServiceGrpcClient.StartClock,
            StartClockRequest.newBuilder()
                .setAssignmentId(prefix + i)
                .setLeadId("lead-" + prefix + i)
                .setRepId("rep-1")
                .setManagerRepId("boss")
                .setAssignedAt(LadderFiringTest.timestamp(assignedAt))
                .build());
      }
      String survivorOwner = survivor.verticle.scheduler().owner();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  tables.leaseOwners(prefix).stream()
                      .allMatch(o -> o != null && !o.equals(survivorOwner)));

      child.destroyForcibly().waitFor();
      Instant killedAt = Instant.now();

      Instant deadline = assignedAt.plusSeconds(3);
      await().atMost(Duration.ofSeconds(40)).until(() -> tables.pending(prefix) == 0);
      List<SlaTables.Step> steps = tables.steps(prefix);
      assertThat(
              steps.stream()
                  .collect(
                      Collectors.groupingBy(
                          s -> s.assignmentId() + "/" + s.step(), Collectors.counting())))
          .hasSize(clocks * 2)
          .allSatisfy((k, n) -> assertThat(n).isEqualTo(1L));
      assertThat(steps).allSatisfy(s -> assertThat(s.firedBy()).isEqualTo(survivorOwner));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  peers.notifications(NotificationKind.NOTIFICATION_KIND_ESCALATION).stream()
                          .filter(n -> n.getAssignmentId().startsWith(prefix))
                          .count()
                      >= clocks);
      for (int i = 0; i < clocks; i++) {
        assertThat(peers.notifications(NotificationKind.NOTIFICATION_KIND_ESCALATION, prefix + i))
            .hasSize(1);
      }
      // The child claimed at most ~10 s (the lease) before the kill, so the survivor fires within
      // about
      // a lease plus a poll of the later of the deadline and the kill.
      double maxLag = steps.stream().mapToDouble(SlaTables.Step::lagMillis).max().orElseThrow();
      Instant latest = deadline.isAfter(killedAt) ? deadline : killedAt;
      System.out.printf(
          "killed at %s, deadline %s, survivor fired with max lag %.0f ms%n",
          killedAt, deadline, maxLag);
      assertThat(deadline.plusMillis((long) maxLag)).isBefore(latest.plusSeconds(13));
    } finally {
      child.destroyForcibly();
      survivor.stop();
    }
  }

  @Test
  void clocksThatCameDueWhileNoInstanceRanFireOnceAfterARestart() {
    Map<String, String> extra = new HashMap<>(peers.settings());
    extra.putAll(POLICY);
    Settings settings = TestSettings.fresh(extra);
    SlaTables tables = new SlaTables(settings);
    String prefix = "restart-" + UUID.randomUUID() + "-";
    int clocks = 20;
    RunningSlaService first = RunningSlaService.start(vertx, Clock.systemUTC(), settings);
    Instant assignedAt = Instant.now();
    for (int i = 0; i < clocks; i++) {
      first.call(
          SlaServiceGrpcClient.StartClock,
          StartClockRequest.newBuilder()
              .setAssignmentId(prefix + i)
              .setLeadId("lead-" + prefix + i)
              .setRepId("rep-1")
              .setManagerRepId("boss")
              .setAssignedAt(LadderFiringTest.timestamp(assignedAt))
              .build());
    }
    first.stop();
    // Time passing while nothing runs is the situation under test: the deadline is on the
    // database's clock, which no test clock moves, so this waits for it for real.
    LadderFiringTest.sleep(Duration.between(Instant.now(), assignedAt.plusSeconds(4)).toMillis());
    assertThat(tables.steps(prefix)).as("nothing fired while down").isEmpty();

    RunningSlaService second = RunningSlaService.start(vertx, Clock.systemUTC(), settings);
    try {
      Instant restarted = Instant.now();
      await().atMost(Duration.ofSeconds(10)).until(() -> tables.pending(prefix) == 0);
      assertThat(tables.steps(prefix))
          .hasSize(clocks * 2)
          .allSatisfy(s -> assertThat(s.firedBy()).isEqualTo(second.verticle.scheduler().owner()));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  peers.notifications(NotificationKind.NOTIFICATION_KIND_ESCALATION).stream()
                          .filter(n -> n.getAssignmentId().startsWith(prefix))
                          .count()
                      == clocks);
      System.out.printf(
          "restart: all %d overdue clocks fired %d ms after the restart%n",
          clocks, Duration.between(restarted, Instant.now()).toMillis());
    } finally {
      second.stop();
    }
  }

  /** Waits until the child answers its readiness probe, as Kubernetes would before using it. */
  private static void awaitReady(Process child, int managementPort) {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    java.net.http.HttpRequest probe =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(child.isAlive()).as("the child sla-service died").isTrue();
              try {
                return http.send(probe, java.net.http.HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (java.io.IOException e) {
                return false;
              }
            });
  }

  /** sla-service as its own JVM, the way Kubernetes runs it, so it can be killed with SIGKILL. */
  private static Process startChild(Settings settings, Map<String, String> overrides)
      throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    for (String name :
        List.of(
            "LEADROUTER_DB_URL",
            "LEADROUTER_BIND_HOST",
            "LEADROUTER_READ_API_KEYS",
            "LEADROUTER_INTERNAL_API_KEY",
            "SLA_NOTIFY_ADDRESS",
            "SLA_ROUTING_ADDRESS",
            "SLA_FIRST_TOUCH_TARGET",
            "SLA_WARN_BEFORE")) {
      env.put(name, settings.required(name));
    }
    env.put("SLA_GRPC_PORT", "0");
    env.put("SLA_HTTP_PORT", "0");
    env.putAll(overrides);
    return ServiceJvm.start("dev.leadrouter.sla.SlaMain", env, null);
  }
}
