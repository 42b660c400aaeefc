package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Clock;
import dev.leadrouter.v1.ClockState;
import dev.leadrouter.v1.GetClockRequest;
import dev.leadrouter.v1.RecordTouchRequest;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.StartClockRequest;
import dev.leadrouter.v1.TouchChannel;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** StartClock, RecordTouch and GetClock against a running service and a real PostgreSQL. */
@ExtendWith(VertxExtension.class)
class SlaClockApiTest {
  private static RunningSlaService sla;

  @BeforeAll
  static void start(Vertx vertx) {
    sla = RunningSlaService.start(vertx, java.time.Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    sla.stop();
  }

  @Test
  void isReadyOnceStarted() {
    assertThat(sla.managementStatus("/health/ready")).isEqualTo(200);
    assertThat(sla.managementStatus("/health/live")).isEqualTo(200);
  }

  @Test
  void startingTheSameAssignmentTwiceKeepsTheFirstClock() {
    Instant assignedAt = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    StartClockRequest first = startRequest(assignedAt).setTarget(minutes(10)).build();

    Clock created = sla.call(SlaServiceGrpcClient.StartClock, first);
    // A retry that differs (another rep, no target) must not replace or add a clock.
    Clock repeated =
        sla.call(
            SlaServiceGrpcClient.StartClock,
            first.toBuilder().setRepId("someone-else").clearTarget().build());

    assertThat(repeated).isEqualTo(created);
    assertThat(UUID.fromString(created.getClockId())).isNotNull();
    assertThat(created.getState()).isEqualTo(ClockState.CLOCK_STATE_RUNNING);
    assertThat(created.getRepId()).isEqualTo("rep-1");
    assertThat(created.getPolicyId()).isEqualTo("default");
    assertThat(instant(created.getStartedAt())).isEqualTo(assignedAt);
    assertThat(instant(created.getDeadline())).isEqualTo(assignedAt.plus(10, ChronoUnit.MINUTES));
    // The 2m warning of the 5m default target scales to 4m for a 10m target.
    assertThat(instant(created.getWarnAt())).isEqualTo(assignedAt.plus(6, ChronoUnit.MINUTES));
    assertThat(instant(created.getEscalateAt())).isEqualTo(assignedAt.plus(10, ChronoUnit.MINUTES));
    assertThat(created.hasTouchedAt()).isFalse();
    assertThat(sla.call(SlaServiceGrpcClient.GetClock, get(first.getAssignmentId())))
        .isEqualTo(created);
  }

  @Test
  void withoutATargetTheConfiguredPolicyApplies() {
    Instant assignedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    Clock clock = sla.call(SlaServiceGrpcClient.StartClock, startRequest(assignedAt).build());

    assertThat(instant(clock.getDeadline())).isEqualTo(assignedAt.plus(5, ChronoUnit.MINUTES));
    assertThat(instant(clock.getWarnAt())).isEqualTo(assignedAt.plus(3, ChronoUnit.MINUTES));
  }

  @Test
  void theFirstTouchStopsTheClockAndLaterTouchesChangeNothing() {
    Instant assignedAt =
        Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    StartClockRequest start = startRequest(assignedAt).setTarget(minutes(15)).build();
    sla.call(SlaServiceGrpcClient.StartClock, start);

    Clock touched =
        sla.call(
            SlaServiceGrpcClient.RecordTouch,
            RecordTouchRequest.newBuilder()
                .setAssignmentId(start.getAssignmentId())
                .setTouchedAt(timestamp(assignedAt.plusSeconds(90)))
                .setChannel(TouchChannel.TOUCH_CHANNEL_CALL)
                .setRepId("rep-1")
                .build());
    Clock touchedAgain =
        sla.call(
            SlaServiceGrpcClient.RecordTouch,
            RecordTouchRequest.newBuilder()
                .setAssignmentId(start.getAssignmentId())
                .setTouchedAt(timestamp(assignedAt.plusSeconds(200)))
                .setChannel(TouchChannel.TOUCH_CHANNEL_EMAIL)
                .build());

    assertThat(touched.getState()).isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
    assertThat(instant(touched.getTouchedAt())).isEqualTo(assignedAt.plusSeconds(90));
    assertThat(touched.getTimeToTouch()).isEqualTo(Duration.newBuilder().setSeconds(90).build());
    assertThat(touched.getTouchChannel()).isEqualTo(TouchChannel.TOUCH_CHANNEL_CALL);
    assertThat(touchedAgain).isEqualTo(touched);
    assertThat(sla.call(SlaServiceGrpcClient.GetClock, get(start.getAssignmentId())))
        .isEqualTo(touched);
  }

  @Test
  void aTouchWithoutATimeIsNowAndALateOneLeavesTheClockBreached() {
    Instant assignedAt = Instant.now().minus(6, ChronoUnit.MINUTES);
    StartClockRequest start = startRequest(assignedAt).build();
    sla.call(SlaServiceGrpcClient.StartClock, start);
    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

    Clock touched =
        sla.call(
            SlaServiceGrpcClient.RecordTouch,
            RecordTouchRequest.newBuilder().setAssignmentId(start.getAssignmentId()).build());

    assertThat(touched.getState()).isEqualTo(ClockState.CLOCK_STATE_BREACHED);
    assertThat(instant(touched.getTouchedAt())).isBetween(before, Instant.now());
    assertThat(touched.getTouchChannel()).isEqualTo(TouchChannel.TOUCH_CHANNEL_UNSPECIFIED);
  }

  @Test
  void aTouchBeforeTheClockStartedIsInvalidAndNotRecorded() {
    Instant assignedAt = Instant.now().minus(1, ChronoUnit.MINUTES);
    StartClockRequest start = startRequest(assignedAt).build();
    sla.call(SlaServiceGrpcClient.StartClock, start);

    RunningSlaService.Failure failure =
        sla.callFailing(
            SlaServiceGrpcClient.RecordTouch,
            RecordTouchRequest.newBuilder()
                .setAssignmentId(start.getAssignmentId())
                .setTouchedAt(timestamp(assignedAt.minusSeconds(1)))
                .build(),
            TestSettings.INTERNAL_KEY);

    assertThat(failure.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(violatedFields(failure)).containsExactly("touched_at");
    Clock clock = sla.call(SlaServiceGrpcClient.GetClock, get(start.getAssignmentId()));
    assertThat(clock.getState()).isEqualTo(ClockState.CLOCK_STATE_RUNNING);
    assertThat(clock.hasTouchedAt()).isFalse();
  }

  @Test
  void unknownAssignmentsAreNotFound() {
    assertThatThrownBy(
            () ->
                sla.call(
                    SlaServiceGrpcClient.RecordTouch,
                    RecordTouchRequest.newBuilder().setAssignmentId("no-such-assignment").build()))
        .isInstanceOfSatisfying(
            InvalidStatusException.class,
            e -> assertThat(e.actualStatus()).isEqualTo(GrpcStatus.NOT_FOUND));
    assertThatThrownBy(() -> sla.call(SlaServiceGrpcClient.GetClock, get("no-such-assignment")))
        .isInstanceOfSatisfying(
            InvalidStatusException.class,
            e -> assertThat(e.actualStatus()).isEqualTo(GrpcStatus.NOT_FOUND));
  }

  static Stream<Arguments> invalidStarts() {
    Instant now = Instant.now();
    return Stream.of(
        invalid("assignment_id", b -> b.setAssignmentId("")),
        invalid("assignment_id", b -> b.setAssignmentId("a".repeat(65))),
        invalid("lead_id", b -> b.setLeadId("")),
        invalid("rep_id", b -> b.setRepId("r".repeat(65))),
        invalid("segment", b -> b.setSegment("s".repeat(65))),
        invalid("assigned_at", StartClockRequest.Builder::clearAssignedAt),
        invalid("assigned_at", b -> b.setAssignedAt(timestamp(now.plus(25, ChronoUnit.HOURS)))),
        invalid("target", b -> b.setTarget(Duration.newBuilder().setSeconds(-60))),
        invalid("target", b -> b.setTarget(Duration.getDefaultInstance())),
        invalid("target", b -> b.setTarget(Duration.newBuilder().setSeconds(31L * 24 * 3600))),
        invalid("rep_time_zone", b -> b.setRepTimeZone("Mars/Olympus_Mons")));
  }

  private static Arguments invalid(String field, UnaryOperator<StartClockRequest.Builder> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidStarts")
  void anInvalidStartIsRejectedWithItsFieldAndStoresNothing(
      String field, UnaryOperator<StartClockRequest.Builder> change) {
    String assignmentId = "invalid-" + UUID.randomUUID();
    StartClockRequest request =
        change.apply(startRequest(Instant.now()).setAssignmentId(assignmentId)).build();

    RunningSlaService.Failure failure =
        sla.callFailing(SlaServiceGrpcClient.StartClock, request, TestSettings.INTERNAL_KEY);

    assertThat(failure.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(violatedFields(failure)).containsExactly(field);
    assertNoClock(assignmentId);
  }

  @Test
  void everyInvalidFieldIsReportedAtOnce() {
    StartClockRequest request =
        StartClockRequest.newBuilder().setAssignmentId("a-" + UUID.randomUUID()).build();

    RunningSlaService.Failure failure =
        sla.callFailing(SlaServiceGrpcClient.StartClock, request, TestSettings.INTERNAL_KEY);

    assertThat(violatedFields(failure)).containsExactly("lead_id", "rep_id", "assigned_at");
  }

  @Test
  void callsWithoutAValidApiKeyAreUnauthenticatedAndStoreNothing() {
    StartClockRequest request = startRequest(Instant.now()).build();

    RunningSlaService.Failure missing =
        sla.callFailing(SlaServiceGrpcClient.StartClock, request, null);
    RunningSlaService.Failure wrong =
        sla.callFailing(SlaServiceGrpcClient.StartClock, request, "not-a-key-but-long-enough");

    assertThat(missing.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    assertThat(wrong.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    assertNoClock(request.getAssignmentId());
    // The generated client sends no key either: what a misconfigured caller would see.
    assertThatThrownBy(
            () ->
                RunningSlaService.await(
                    SlaServiceGrpcClient.create(sla.client, sla.address)
                        .getClock(get(request.getAssignmentId())),
                    java.time.Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            InvalidStatusException.class,
            e -> assertThat(e.actualStatus()).isEqualTo(GrpcStatus.UNAUTHENTICATED));
  }

  @Test
  void aNewerAssignmentOfTheLeadCancelsTheEarlierRunningClock() {
    String leadId = "lead-" + UUID.randomUUID();
    Instant now = Instant.now();
    StartClockRequest earlier = startRequest(now.minusSeconds(120)).setLeadId(leadId).build();
    StartClockRequest later =
        startRequest(now.minusSeconds(60)).setLeadId(leadId).setRepId("rep-2").build();
    // Delivered out of order: the earlier assignment arrives last and must not stay running.
    StartClockRequest earliest = startRequest(now.minusSeconds(180)).setLeadId(leadId).build();

    sla.call(SlaServiceGrpcClient.StartClock, earlier);
    sla.call(SlaServiceGrpcClient.StartClock, later);
    Clock lateArrival = sla.call(SlaServiceGrpcClient.StartClock, earliest);

    assertThat(state(earlier)).isEqualTo(ClockState.CLOCK_STATE_CANCELLED);
    assertThat(state(later)).isEqualTo(ClockState.CLOCK_STATE_RUNNING);
    assertThat(lateArrival.getState()).isEqualTo(ClockState.CLOCK_STATE_CANCELLED);
  }

  private static ClockState state(StartClockRequest start) {
    return sla.call(SlaServiceGrpcClient.GetClock, get(start.getAssignmentId())).getState();
  }

  private static void assertNoClock(String assignmentId) {
    assertThatThrownBy(() -> sla.call(SlaServiceGrpcClient.GetClock, get(assignmentId)))
        .isInstanceOfSatisfying(
            InvalidStatusException.class,
            e -> assertThat(e.actualStatus()).isEqualTo(GrpcStatus.NOT_FOUND));
  }

  private static List<String> violatedFields(RunningSlaService.Failure failure) {
    assertThat(failure.details()).as("grpc-status-details-bin").isNotNull();
    try {
      return failure
          .details()
          .getDetails(0)
          .unpack(BadRequest.class)
          .getFieldViolationsList()
          .stream()
          .map(BadRequest.FieldViolation::getField)
          .toList();
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  static StartClockRequest.Builder startRequest(Instant assignedAt) {
    return StartClockRequest.newBuilder()
        .setAssignmentId("asg-" + UUID.randomUUID())
        .setLeadId("lead-" + UUID.randomUUID())
        .setRepId("rep-1")
        .setQueueId("inbound")
        .setSegment("smb")
        .setManagerRepId("manager-1")
        .setRepTimeZone("Europe/Berlin")
        .setAssignedAt(timestamp(assignedAt));
  }

  static GetClockRequest get(String assignmentId) {
    return GetClockRequest.newBuilder().setAssignmentId(assignmentId).build();
  }

  static Duration minutes(long minutes) {
    return Duration.newBuilder().setSeconds(minutes * 60).build();
  }

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
