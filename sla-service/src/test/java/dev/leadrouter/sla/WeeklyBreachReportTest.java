package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.RecordTouchRequest;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.StartClockRequest;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The weekly breach report: one email per manager and week, however many replicas run the job. */
class WeeklyBreachReportTest {

  @Test
  void twoReplicasSendOneReportPerManagerForTheLastWeek() {
    Vertx vertx = Vertx.vertx();
    PeerStandIns peers = PeerStandIns.start(vertx);
    // The report is due a minute ago, so the period is the 7 days before that.
    ZonedDateTime due =
        ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
    Map<String, String> extra = new HashMap<>(peers.settings());
    extra.putAll(
        Map.of(
            "SLA_WEEKLY_REPORT_DAY",
            due.getDayOfWeek().name(),
            "SLA_WEEKLY_REPORT_TIME",
            due.toLocalTime().toString(),
            "SLA_WEEKLY_REPORT_ZONE",
            "UTC",
            "SLA_WEEKLY_REPORT_CHECK",
            "200ms"));
    Settings settings = TestSettings.fresh(extra);
    // Clocks are made while no replica runs the job, so it cannot send an empty week first.
    RunningSlaService writer =
        RunningSlaService.start(
            vertx, Clock.systemUTC(), settings.with(Map.of("SLA_WEEKLY_REPORT_ENABLED", "false")));
    Instant twoDaysAgo = Instant.now().minus(2, ChronoUnit.DAYS);
    String id = UUID.randomUUID().toString();
    clock(writer, "a1-" + id, "alice", "boss-a", twoDaysAgo, null); // never touched
    clock(writer, "a2-" + id, "alice", "boss-a", twoDaysAgo, twoDaysAgo.plusSeconds(60)); // in time
    clock(
        writer,
        "b1-" + id,
        "bob",
        "boss-a",
        twoDaysAgo,
        twoDaysAgo.plus(1, ChronoUnit.HOURS)); // late
    clock(writer, "c1-" + id, "carol", "boss-b", twoDaysAgo, null);
    clock(writer, "x1-" + id, "dave", null, twoDaysAgo, null); // no manager
    clock(
        writer,
        "old-" + id,
        "alice",
        "boss-a",
        twoDaysAgo.minus(10, ChronoUnit.DAYS),
        null); // other week
    writer.stop();

    RunningSlaService one = RunningSlaService.start(vertx, Clock.systemUTC(), settings);
    RunningSlaService two = RunningSlaService.start(vertx, Clock.systemUTC(), settings);
    try {
      // The period's row is marked sent in the transaction that queues its reports, and no replica
      // claims a sent period again: once it is marked and the outbox has delivered everything, no
      // further report can come, so the count below is final without sleeping.
      SlaTables tables = new SlaTables(settings);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  tables.count("SELECT count(*) FROM sla.weekly_reports WHERE sent_at IS NOT NULL")
                          >= 1
                      && tables.count("SELECT count(*) FROM sla.outbox WHERE topic = 'notify.reps'")
                          == 0
                      && peers.notifications(NotificationKind.NOTIFICATION_KIND_REPORT).size()
                          >= 2);

      List<NotifyRequest> reports = peers.notifications(NotificationKind.NOTIFICATION_KIND_REPORT);
      assertThat(reports)
          .extracting(r -> r.getRecipients(0).getRepId())
          .containsExactlyInAnyOrder("boss-a", "boss-b");
      NotifyRequest a =
          reports.stream()
              .filter(r -> r.getRecipients(0).getRepId().equals("boss-a"))
              .findFirst()
              .orElseThrow();
      assertThat(a.getRecipients(0).getEmail()).isEqualTo("boss-a@example.com");
      assertThat(a.getRecipients(0).getRole()).isEqualTo(RecipientRole.RECIPIENT_ROLE_MANAGER);
      assertThat(a.getMessage().getSubject()).endsWith(": 2 of 3 leads");
      assertThat(a.getMessage().getText())
          .contains("alice: 1 breached of 2, 1 never touched")
          .contains("bob: 1 breached of 1, 0 never touched, median time to touch 1h 0m");
      assertThat(a.getAssignmentId()).startsWith("sla-week-").isEqualTo(a.getLeadId());
    } finally {
      two.stop();
      one.stop();
      peers.stop();
      RunningSlaService.await(vertx.close(), Duration.ofSeconds(10));
    }
  }

  private static void clock(
      RunningSlaService sla,
      String assignmentId,
      String rep,
      String manager,
      Instant at,
      Instant touchedAt) {
    StartClockRequest.Builder b =
        StartClockRequest.newBuilder()
            .setAssignmentId(assignmentId)
            .setLeadId("lead-" + assignmentId)
            .setRepId(rep)
            .setAssignedAt(LadderFiringTest.timestamp(at));
    if (manager != null) {
      b.setManagerRepId(manager);
    }
    sla.call(SlaServiceGrpcClient.StartClock, b.build());
    if (touchedAt != null) {
      sla.call(
          SlaServiceGrpcClient.RecordTouch,
          RecordTouchRequest.newBuilder()
              .setAssignmentId(assignmentId)
              .setTouchedAt(LadderFiringTest.timestamp(touchedAt))
              .build());
    }
  }
}
