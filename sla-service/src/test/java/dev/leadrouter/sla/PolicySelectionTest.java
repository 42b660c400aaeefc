package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.BatchStartClockRequest;
import dev.leadrouter.v1.BatchStartClockResponse;
import dev.leadrouter.v1.Clock;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.SourceChannel;
import dev.leadrouter.v1.StartClockRequest;
import dev.leadrouter.v1.WorkingHours;
import dev.leadrouter.v1.WorkingWindow;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies from SLA_POLICIES_FILE chosen by StartClock's lead and queue, business-hours clocks, and
 * the metrics.
 */
class PolicySelectionTest {
  @TempDir static Path dir;
  private static Vertx vertx;
  private static RunningSlaService sla;
  private static final String DB = dev.leadrouter.runtime.testing.TestDatabase.newDatabase();
  // Friday 2026-03-06 16:00 in New York (EST); the next working day is after the DST change.
  private static final Instant FRIDAY_4PM_NY = Instant.parse("2026-03-06T21:00:00Z");

  @BeforeAll
  static void start() throws Exception {
    Path file = dir.resolve("policies.yaml");
    Files.writeString(
        file,
        """
        policies:
          - id: demo-requests
            match: {product_interests: [demo]}
            target: 5m
            warn_at: 60%
          - id: content-business-hours
            match: {source_channels: [WEB_FORM], queue_ids: [content]}
            target: 4h
            warn_at: 50%
            business_hours: true
        """);
    vertx = Vertx.vertx();
    sla =
        RunningSlaService.start(
            vertx,
            java.time.Clock.fixed(FRIDAY_4PM_NY, java.time.ZoneOffset.UTC),
            TestSettings.forDatabase(
                DB,
                Map.of(
                    "SLA_POLICIES_FILE",
                    file.toString(),
                    "SLA_NOTIFY_ADDRESS",
                    "127.0.0.1:1",
                    "SLA_ROUTING_ADDRESS",
                    "127.0.0.1:1")));
  }

  @AfterAll
  static void stop() {
    sla.stop();
    RunningSlaService.await(vertx.close(), Duration.ofSeconds(10));
  }

  @Test
  void aDemoRequestGetsTheFiveMinutePolicy() {
    Clock c = start(Lead.newBuilder().addProductInterests("demo"), "any", null);

    assertThat(c.getPolicyId()).isEqualTo("demo-requests");
    assertThat(seconds(c.getDeadline()) - seconds(c.getStartedAt())).isEqualTo(300);
    assertThat(seconds(c.getWarnAt()) - seconds(c.getStartedAt())).isEqualTo(180);
  }

  @Test
  void aBusinessHoursClockSkipsTheWeekendInTheRepsZone() {
    WorkingHours weekdays =
        WorkingHours.newBuilder()
            .setTimeZone("America/New_York")
            .addWindows(
                WorkingWindow.newBuilder().setDayOfWeek(5).setStart("09:00").setEnd("17:00"))
            .addWindows(
                WorkingWindow.newBuilder().setDayOfWeek(1).setStart("09:00").setEnd("17:00"))
            .build();
    Clock c =
        start(
            Lead.newBuilder()
                .setSource(
                    LeadSource.newBuilder().setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM)),
            "content",
            weekdays);

    assertThat(c.getPolicyId()).isEqualTo("content-business-hours");
    // 1 h on Friday, 3 h on Monday from 09:00 EDT: 12:00 EDT = 16:00 UTC.
    assertThat(Instant.ofEpochSecond(c.getDeadline().getSeconds()))
        .isEqualTo(Instant.parse("2026-03-09T16:00:00Z"));
    // Half the working time: Friday 16:00 + 1 h, then 1 h on Monday.
    assertThat(Instant.ofEpochSecond(c.getWarnAt().getSeconds()))
        .isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
  }

  @Test
  void otherLeadsGetTheBuiltInPolicyAndInvalidHoursAreRefused() {
    assertThat(start(Lead.newBuilder(), "content", null).getPolicyId()).isEqualTo("default");
    var failure =
        sla.callFailing(
            SlaServiceGrpcClient.StartClock,
            request(
                Lead.newBuilder(),
                "q",
                WorkingHours.newBuilder()
                    .addWindows(
                        WorkingWindow.newBuilder().setDayOfWeek(8).setStart("9").setEnd("17:00"))
                    .build()),
            TestSettings.INTERNAL_KEY);
    assertThat(failure.details().getDetails(0).toString())
        .contains("rep_working_hours.windows[0].day_of_week")
        .contains("rep_working_hours.windows[0].start");
  }

  @Test
  void aBatchStartsEachClockAsStartClockWouldAndRefusesOnlyTheInvalidOne() throws Exception {
    StartClockRequest demo = request(Lead.newBuilder().addProductInterests("demo"), "q", null);
    StartClockRequest invalid =
        request(
            Lead.newBuilder(),
            "q",
            WorkingHours.newBuilder()
                .addWindows(
                    WorkingWindow.newBuilder().setDayOfWeek(9).setStart("09:00").setEnd("17:00"))
                .build());
    BatchStartClockResponse response =
        sla.call(
            SlaServiceGrpcClient.BatchStartClock,
            BatchStartClockRequest.newBuilder()
                .addRequests(demo)
                .addRequests(invalid)
                .addRequests(demo)
                .build());

    assertThat(response.getResultsList()).hasSize(3);
    Clock started = response.getResults(0).getClock();
    assertThat(started.getAssignmentId()).isEqualTo(demo.getAssignmentId());
    assertThat(started.getPolicyId()).isEqualTo("demo-requests");
    assertThat(response.getResults(1).getError().getCode())
        .isEqualTo(com.google.rpc.Code.INVALID_ARGUMENT_VALUE);
    assertThat(
            response
                .getResults(1)
                .getError()
                .getDetails(0)
                .unpack(com.google.rpc.BadRequest.class)
                .getFieldViolations(0)
                .getField())
        .isEqualTo("rep_working_hours.windows[0].day_of_week");
    assertThat(response.getResults(2).getClock().getStartedAt())
        .as("one clock per assignment")
        .isEqualTo(started.getStartedAt());
    assertThat(sla.call(SlaServiceGrpcClient.StartClock, demo).getDeadline())
        .isEqualTo(started.getDeadline());
    // created_at is now(), the inserting transaction's start: one transaction for the batch's
    // clocks, where StartClock one by one would take one each
    io.vertx.sqlclient.Pool db =
        io.vertx.pgclient.PgBuilder.pool()
            .connectingTo(
                io.vertx.pgclient.PgConnectOptions.fromUri(DB).addProperty("search_path", "sla"))
            .using(vertx)
            .build();
    try {
      BatchStartClockResponse more =
          sla.call(
              SlaServiceGrpcClient.BatchStartClock,
              BatchStartClockRequest.newBuilder()
                  .addRequests(request(Lead.newBuilder(), "q", null))
                  .addRequests(request(Lead.newBuilder(), "q", null))
                  .addRequests(request(Lead.newBuilder(), "q", null))
                  .build());
      String ids =
          more.getResultsList().stream()
              .map(r -> "'" + r.getClock().getAssignmentId() + "'")
              .collect(java.util.stream.Collectors.joining(","));
      var row =
          RunningSlaService.await(
                  db.query(
                          "SELECT count(*), count(DISTINCT created_at) FROM clocks"
                              + " WHERE assignment_id IN ("
                              + ids
                              + ")")
                      .execute(),
                  Duration.ofSeconds(10))
              .iterator()
              .next();
      assertThat(row.getLong(0)).isEqualTo(3);
      assertThat(row.getLong(1)).as("transactions").isEqualTo(1);
    } finally {
      db.close();
    }
  }

  @Test
  void startedClocksAreCountedInTheMetrics() {
    start(Lead.newBuilder(), "q", null);
    String metrics =
        RunningSlaService.await(
                vertx
                    .createHttpClient()
                    .request(
                        io.vertx.core.http.HttpMethod.GET,
                        sla.verticle.managementPort(),
                        "127.0.0.1",
                        "/metrics")
                    .compose(r -> r.send())
                    .compose(r -> r.body()),
                Duration.ofSeconds(10))
            .toString();
    assertThat(metrics)
        .containsPattern("sla_clocks_started_total\\{service=\"sla-service\"} [1-9]")
        .contains("sla_firing_lag_seconds")
        .contains("sla_clocks_open")
        .contains("sla_scheduler_held_clocks");
  }

  private static Clock start(Lead.Builder lead, String queue, WorkingHours hours) {
    return sla.call(SlaServiceGrpcClient.StartClock, request(lead, queue, hours));
  }

  private static StartClockRequest request(Lead.Builder lead, String queue, WorkingHours hours) {
    String id = UUID.randomUUID().toString();
    StartClockRequest.Builder b =
        StartClockRequest.newBuilder()
            .setAssignmentId("a-" + id)
            .setLeadId("l-" + id)
            .setRepId("rep")
            .setQueueId(queue)
            .setRepTimeZone("America/New_York")
            .setAssignedAt(LadderFiringTest.timestamp(FRIDAY_4PM_NY))
            .setLead(lead.setLeadId("l-" + id));
    if (hours != null) {
      b.setRepWorkingHours(hours);
    }
    return b.build();
  }

  private static long seconds(com.google.protobuf.Timestamp t) {
    return t.getSeconds();
  }
}
