package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.StartClockRequest;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Steps that came due while sla-service was down are not fired one message each when it is back:
 * escalations are coalesced into one digest per manager, sent when the backlog has gathered and at
 * most once per interval. The digest job's "now" is an injected clock the test moves.
 */
class EscalationDigestTest {
  /** A clock the test moves forward; starts at the real time so it agrees with the database. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    /** Now: the database's time and this clock agree again (the service took a while to start). */
    void catchUp() {
      now.set(Instant.now());
    }

    void advance(Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static Vertx vertx;
  private static PeerStandIns peers;
  private static RunningSlaService sla;
  private static SlaTables tables;
  private static final MovableClock clock = new MovableClock();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    peers = PeerStandIns.start(vertx);
    Map<String, String> extra = new HashMap<>(peers.settings());
    extra.putAll(
        Map.of(
            "SLA_FIRST_TOUCH_TARGET", "5m",
            "SLA_WARN_BEFORE", "2m",
            "SLA_CATCH_UP_AFTER", "1m",
            "SLA_DIGEST_GATHER", "30s",
            "SLA_DIGEST_INTERVAL", "15m",
            "SLA_DIGEST_CHECK", "100ms"));
    Settings settings = TestSettings.fresh(extra);
    sla = RunningSlaService.start(vertx, clock, settings);
    tables = new SlaTables(settings);
  }

  @AfterAll
  static void stop() {
    sla.stop();
    peers.stop();
    RunningSlaService.await(vertx.close(), Duration.ofSeconds(10));
  }

  @Test
  void aBacklogAfterAnOutageBecomesOneDigestPerManagerRateLimited() {
    String prefix = "backlog-" + UUID.randomUUID() + "-";
    // assigned 30 minutes ago: the warning, the deadline and the escalation all came due while
    // nothing was running, as after the dev stack was down
    Instant assignedAt = Instant.now().minus(Duration.ofMinutes(30));
    for (int i = 0; i < 30; i++) {
      start(prefix + i, i % 3 == 0 ? "manager-b" : "manager-a", assignedAt);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> tables.pending(prefix) == 0);
    // every step fired and is on record, but not one escalation or warning went out on its own
    assertThat(tables.steps(prefix)).hasSize(90);
    assertThat(sent(NotificationKind.NOTIFICATION_KIND_ESCALATION, prefix)).isEmpty();
    assertThat(sent(NotificationKind.NOTIFICATION_KIND_SLA_WARNING, prefix)).isEmpty();
    clock.catchUp();
    assertThat(digests()).as("still gathering the backlog").isEmpty();

    clock.advance(Duration.ofSeconds(31));
    await().atMost(Duration.ofSeconds(20)).until(() -> digests().size() == 2);
    Map<String, NotifyRequest> byManager = new HashMap<>();
    digests().forEach(d -> byManager.put(d.getRecipients(0).getRepId(), d));
    assertThat(byManager).containsOnlyKeys("manager-a", "manager-b");
    assertThat(byManager.get("manager-a").getRecipients(0).getRole())
        .isEqualTo(RecipientRole.RECIPIENT_ROLE_MANAGER);
    assertThat(byManager.get("manager-a").getMessage().getSubject())
        .isEqualTo("Escalation digest: 20 leads missed the first-touch SLA");
    assertThat(byManager.get("manager-b").getMessage().getSubject())
        .isEqualTo("Escalation digest: 10 leads missed the first-touch SLA");
    for (int i = 0; i < 30; i++) {
      String manager = i % 3 == 0 ? "manager-b" : "manager-a";
      assertThat(byManager.get(manager).getMessage().getText())
          .contains("lead-" + prefix + i + " ");
    }

    // more backlog for manager-a within the interval waits for it: rate limited
    String later = "later-" + UUID.randomUUID() + "-";
    start(later + "0", "manager-a", assignedAt);
    await().atMost(Duration.ofSeconds(30)).until(() -> tables.pending(later) == 0);
    clock.advance(Duration.ofMinutes(5));
    long checks = sla.verticle.escalationDigests().completedChecks();
    // two more checks: the second started after the clock moved
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sla.verticle.escalationDigests().completedChecks() >= checks + 2);
    assertThat(digests()).as("rate limited: 5 of 15 minutes since the last digest").hasSize(2);
    clock.advance(Duration.ofMinutes(10));
    await().atMost(Duration.ofSeconds(20)).until(() -> digests().size() == 3);
    assertThat(digests().get(2).getMessage().getText()).contains("lead-" + later + "0 ");
    assertThat(digests().get(2).getMessage().getSubject()).contains("1 lead missed");
  }

  @Test
  void aLiveBreachKeepsItsOwnEscalation() {
    String prefix = "live-" + UUID.randomUUID() + "-";
    // deadline 5 minutes after assignment: assigned 5 minutes ago, so it breaches now, live
    start(prefix + "0", "manager-c", Instant.now().minus(Duration.ofMinutes(5)).plusSeconds(2));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> sent(NotificationKind.NOTIFICATION_KIND_ESCALATION, prefix).size() == 1);
    assertThat(
            sent(NotificationKind.NOTIFICATION_KIND_ESCALATION, prefix)
                .get(0)
                .getRecipients(0)
                .getRepId())
        .isEqualTo("manager-c");
  }

  private static void start(String assignmentId, String manager, Instant assignedAt) {
    sla.call(
        SlaServiceGrpcClient.StartClock,
        StartClockRequest.newBuilder()
            .setAssignmentId(assignmentId)
            .setLeadId("lead-" + assignmentId)
            .setRepId("rep-1")
            .setManagerRepId(manager)
            .setQueueId("q")
            .setAssignedAt(
                Timestamp.newBuilder()
                    .setSeconds(assignedAt.getEpochSecond())
                    .setNanos(assignedAt.getNano()))
            .setLead(dev.leadrouter.v1.Lead.newBuilder().setLeadId("lead-" + assignmentId))
            .build());
  }

  private static List<NotifyRequest> sent(NotificationKind kind, String prefix) {
    return peers.notifications.stream()
        .filter(n -> n.getKind() == kind && n.getAssignmentId().startsWith(prefix))
        .toList();
  }

  private static List<NotifyRequest> digests() {
    return peers.notifications.stream()
        .filter(
            n ->
                n.getKind() == NotificationKind.NOTIFICATION_KIND_REPORT
                    && n.getMessage().getSubject().startsWith("Escalation digest"))
        .toList();
  }
}
