package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.StartClockRequest;
import io.vertx.core.Vertx;
import java.io.File;
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
    RunningSlaService survivor = RunningSlaService.start(vertx, Clock.systemUTC(), settings);
    SlaTables tables = new SlaTables(settings);
    // The child looks 60 s ahead, so it claims the clocks long before the survivor (5 s horizon)
    // would.
    Process child = startChild(settings, Map.of("SLA_SCHEDULER_HORIZON", "60s"));
    try {
      String prefix = "kill-" + UUID.randomUUID() + "-";
      int clocks = 20;
      // Due 12 s from now: the child has started and claimed them well before.
      Instant assignedAt = Instant.now().plusSeconds(9).truncatedTo(ChronoUnit.MILLIS);
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

  /** sla-service as its own JVM, the way Kubernetes runs it, so it can be killed with SIGKILL. */
  private static Process startChild(Settings settings, Map<String, String> overrides)
      throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb =
        new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), "dev.leadrouter.sla.SlaMain");
    Map<String, String> env = pb.environment();
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
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }
}
