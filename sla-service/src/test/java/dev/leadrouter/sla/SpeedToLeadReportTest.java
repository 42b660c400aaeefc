package dev.leadrouter.sla;

import static dev.leadrouter.sla.SlaClockApiTest.startRequest;
import static dev.leadrouter.sla.SlaClockApiTest.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.Duration;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.RecordTouchRequest;
import dev.leadrouter.v1.ReportGrouping;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.SpeedToLeadReport;
import dev.leadrouter.v1.SpeedToLeadRequest;
import dev.leadrouter.v1.SpeedToLeadRow;
import dev.leadrouter.v1.StartClockRequest;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ReportSpeedToLead over clocks with known touch times. The service's clock is fixed, so which
 * untouched clocks are past their deadline is known exactly. Policy: 5m target.
 */
@ExtendWith(VertxExtension.class)
class SpeedToLeadReportTest {
  private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");
  private static final Instant FROM = NOW.minus(1, ChronoUnit.DAYS);
  private static RunningSlaService sla;

  @BeforeAll
  static void startAndRecordClocks(Vertx vertx) {
    sla = RunningSlaService.start(vertx, Clock.fixed(NOW, ZoneOffset.UTC));
    // rep-a, queue q1, segment smb: touched after 1, 2, 3, 4 and 10 minutes; only the last one
    // late.
    Instant base = NOW.minus(10, ChronoUnit.HOURS);
    long[] touchMinutes = {4, 1, 10, 3, 2};
    for (int i = 0; i < touchMinutes.length; i++) {
      Instant assignedAt = base.plus(i * 20L, ChronoUnit.MINUTES);
      touch(
          start("rep-a", "q1", "smb", assignedAt),
          assignedAt.plus(touchMinutes[i], ChronoUnit.MINUTES));
    }
    // rep-b, queue q2, segment smb: touched after 30s; untouched past its deadline; untouched,
    // deadline still ahead.
    Instant b = NOW.minus(2, ChronoUnit.HOURS);
    touch(start("rep-b", "q2", "smb", b), b.plusSeconds(30));
    start("rep-b", "q2", "smb", NOW.minus(1, ChronoUnit.HOURS));
    start("rep-b", "q2", "smb", NOW.minus(2, ChronoUnit.MINUTES));
    // rep-c lost the lead to rep-d: cancelled clocks count nowhere. rep-d has no queue nor segment.
    String leadId = "lead-" + UUID.randomUUID();
    sla.call(
        SlaServiceGrpcClient.StartClock,
        startRequest(NOW.minus(3, ChronoUnit.HOURS))
            .setLeadId(leadId)
            .setRepId("rep-c")
            .setQueueId("q2")
            .build());
    sla.call(
        SlaServiceGrpcClient.StartClock,
        startRequest(NOW.minus(170, ChronoUnit.MINUTES))
            .setLeadId(leadId)
            .setRepId("rep-d")
            .clearQueueId()
            .clearSegment()
            .build());
    // Outside [FROM, NOW): must not count.
    Instant old = FROM.minusSeconds(1);
    touch(start("rep-a", "q1", "smb", old), old.plus(30, ChronoUnit.MINUTES));
    start("rep-a", "q1", "smb", NOW);
  }

  @AfterAll
  static void stop() {
    sla.stop();
  }

  @Test
  void perRepRowsHaveExactPercentilesAndBreachRates() {
    SpeedToLeadReport report = sla.call(SlaServiceGrpcClient.ReportSpeedToLead, request().build());

    assertThat(report.getRowsList())
        .extracting(SpeedToLeadRow::getKey)
        .containsExactly("rep-a", "rep-b", "rep-d");
    SpeedToLeadRow a = report.getRows(0);
    assertThat(a.getAssigned()).isEqualTo(5);
    assertThat(a.getTouched()).isEqualTo(5);
    assertThat(a.getMedian()).isEqualTo(seconds(180));
    // percentile_cont: 4m + 0.6 * (10m - 4m) = 7m36s.
    assertThat(a.getP90()).isEqualTo(seconds(456));
    assertThat(a.getBreached()).isEqualTo(1);
    assertThat(a.getBreachRate()).isCloseTo(0.2, within(1e-9));
    assertThat(a.getTouchedWithin5MShare()).isCloseTo(0.8, within(1e-9));

    SpeedToLeadRow b = report.getRows(1);
    assertThat(b.getAssigned()).isEqualTo(3);
    assertThat(b.getTouched()).isEqualTo(1);
    assertThat(b.getMedian()).isEqualTo(seconds(30));
    assertThat(b.getP90()).isEqualTo(seconds(30));
    assertThat(b.getBreached()).isEqualTo(1);
    assertThat(b.getBreachRate()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(b.getTouchedWithin5MShare()).isCloseTo(1.0 / 3, within(1e-9));

    SpeedToLeadRow d = report.getRows(2);
    assertThat(d.getAssigned()).isEqualTo(1);
    assertThat(d.getTouched()).isZero();
    assertThat(d.hasMedian()).isFalse();
    assertThat(d.hasP90()).isFalse();
    assertThat(d.getBreachRate()).isEqualTo(1.0);
    assertThat(report.getNextPageToken()).isEmpty();
    assertThat(report.getFrom()).isEqualTo(timestamp(FROM));
  }

  @Test
  void rowsCanBeGroupedByQueueOrSegment() {
    SpeedToLeadReport byQueue =
        sla.call(
            SlaServiceGrpcClient.ReportSpeedToLead,
            request().setGroupBy(ReportGrouping.REPORT_GROUPING_QUEUE).build());
    SpeedToLeadReport bySegment =
        sla.call(
            SlaServiceGrpcClient.ReportSpeedToLead,
            request().setGroupBy(ReportGrouping.REPORT_GROUPING_SEGMENT).build());

    assertThat(byQueue.getRowsList())
        .extracting(SpeedToLeadRow::getKey, SpeedToLeadRow::getAssigned)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("", 1L),
            org.assertj.core.groups.Tuple.tuple("q1", 5L),
            org.assertj.core.groups.Tuple.tuple("q2", 3L));
    assertThat(bySegment.getRowsList())
        .extracting(SpeedToLeadRow::getKey, SpeedToLeadRow::getBreached)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("", 1L),
            org.assertj.core.groups.Tuple.tuple("smb", 2L));
    // Touched smb clocks took 30s, 1m, 2m, 3m, 4m and 10m: the median lies halfway between 2m and
    // 3m.
    assertThat(bySegment.getRows(1).getMedian()).isEqualTo(seconds(150));
  }

  @Test
  void pagesFollowEachOtherByKey() {
    SpeedToLeadReport first =
        sla.call(
            SlaServiceGrpcClient.ReportSpeedToLead,
            request().setPage(PageRequest.newBuilder().setPageSize(2)).build());
    SpeedToLeadReport second =
        sla.call(
            SlaServiceGrpcClient.ReportSpeedToLead,
            request()
                .setPage(
                    PageRequest.newBuilder().setPageSize(2).setPageToken(first.getNextPageToken()))
                .build());

    assertThat(first.getRowsList())
        .extracting(SpeedToLeadRow::getKey)
        .containsExactly("rep-a", "rep-b");
    assertThat(first.getNextPageToken()).isNotEmpty();
    assertThat(second.getRowsList()).extracting(SpeedToLeadRow::getKey).containsExactly("rep-d");
    assertThat(second.getNextPageToken()).isEmpty();
    // The token belongs to the REP grouping: replayed with other filters it is refused.
    assertThat(
            sla.callFailing(
                    SlaServiceGrpcClient.ReportSpeedToLead,
                    request()
                        .setGroupBy(ReportGrouping.REPORT_GROUPING_QUEUE)
                        .setPage(PageRequest.newBuilder().setPageToken(first.getNextPageToken()))
                        .build(),
                    TestSettings.INTERNAL_KEY)
                .status())
        .isEqualTo(GrpcStatus.INVALID_ARGUMENT);
  }

  @Test
  void invalidRangesAreRejected() {
    assertInvalid(request().clearFrom());
    assertInvalid(request().setTo(timestamp(FROM)));
    assertInvalid(request().setFrom(timestamp(NOW.minus(367, ChronoUnit.DAYS))));
    assertInvalid(request().setPage(PageRequest.newBuilder().setPageSize(-1)));
    assertInvalid(request().setPage(PageRequest.newBuilder().setPageToken("garbage!")));
  }

  private static void assertInvalid(SpeedToLeadRequest.Builder request) {
    assertThat(
            sla.callFailing(
                    SlaServiceGrpcClient.ReportSpeedToLead,
                    request.build(),
                    TestSettings.INTERNAL_KEY)
                .status())
        .isEqualTo(GrpcStatus.INVALID_ARGUMENT);
  }

  private static SpeedToLeadRequest.Builder request() {
    return SpeedToLeadRequest.newBuilder().setFrom(timestamp(FROM)).setTo(timestamp(NOW));
  }

  private static String start(String repId, String queueId, String segment, Instant assignedAt) {
    StartClockRequest request =
        startRequest(assignedAt).setRepId(repId).setQueueId(queueId).setSegment(segment).build();
    sla.call(SlaServiceGrpcClient.StartClock, request);
    return request.getAssignmentId();
  }

  private static void touch(String assignmentId, Instant touchedAt) {
    sla.call(
        SlaServiceGrpcClient.RecordTouch,
        RecordTouchRequest.newBuilder()
            .setAssignmentId(assignmentId)
            .setTouchedAt(timestamp(touchedAt))
            .build());
  }

  private static Duration seconds(long seconds) {
    return Duration.newBuilder().setSeconds(seconds).build();
  }
}
