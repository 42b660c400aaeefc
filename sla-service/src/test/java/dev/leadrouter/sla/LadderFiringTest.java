package dev.leadrouter.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.ClockState;
import dev.leadrouter.v1.GetClockRequest;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.RecordTouchRequest;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.StartClockRequest;
import dev.leadrouter.v1.TouchChannel;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The escalation ladder fired by two sla-service instances on one database, against real gRPC
 * stand-ins for notify and routing. Policy: 2 s target, warn 1 s before, manager alert at the
 * deadline, reassignment 1 s after it.
 */
class LadderFiringTest {
  private static Vertx vertx;
  private static PeerStandIns peers;
  private static RunningSlaService a;
  private static RunningSlaService b;
  private static SlaTables tables;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    peers = PeerStandIns.start(vertx);
    Map<String, String> extra = new HashMap<>(peers.settings());
    extra.putAll(
        Map.of(
            "SLA_FIRST_TOUCH_TARGET", "2s", "SLA_WARN_BEFORE", "1s", "SLA_REASSIGN_AFTER", "1s"));
    Settings settings = TestSettings.fresh(extra);
    a = RunningSlaService.start(vertx, Clock.systemUTC(), settings);
    b = RunningSlaService.start(vertx, Clock.systemUTC(), settings);
    tables = new SlaTables(settings);
  }

  @AfterAll
  static void stop() {
    b.stop();
    a.stop();
    peers.stop();
    RunningSlaService.await(vertx.close(), Duration.ofSeconds(10));
  }

  @Test
  void twoInstancesFireEveryStepOfEveryClockExactlyOnceAndOnTime() {
    String prefix = "once-" + UUID.randomUUID() + "-";
    int clocks = 40;
    Instant assignedAt =
        Instant.now().plusMillis(300).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    List<StartClockRequest> requests =
        IntStream.range(0, clocks)
            .mapToObj(i -> start(prefix + i, "lead-" + prefix + i, assignedAt))
            .toList();
    // Half through each instance, as a load balancer would spread them.
    for (int i = 0; i < clocks; i++) {
      (i % 2 == 0 ? a : b).call(SlaServiceGrpcClient.StartClock, requests.get(i));
      peers.currentAssignment.put(requests.get(i).getLeadId(), requests.get(i).getAssignmentId());
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                tables.pending(prefix) == 0
                    && peers.reassignments.stream()
                            .filter(r -> r.getLeadId().startsWith("lead-" + prefix))
                            .count()
                        == clocks
                    && peers.notifications.stream()
                            .filter(n -> n.getAssignmentId().startsWith(prefix))
                            .count()
                        == 2L * clocks);

    List<SlaTables.Step> steps = tables.steps(prefix);
    Map<String, Long> perClockAndStep =
        steps.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.assignmentId() + "/" + s.step(), Collectors.counting()));
    assertThat(perClockAndStep)
        .hasSize(clocks * 4)
        .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1L));
    for (StartClockRequest r : requests) {
      List<NotifyRequest> warnings =
          peers.notifications(NotificationKind.NOTIFICATION_KIND_SLA_WARNING, r.getAssignmentId());
      List<NotifyRequest> escalations =
          peers.notifications(NotificationKind.NOTIFICATION_KIND_ESCALATION, r.getAssignmentId());
      assertThat(warnings).hasSize(1);
      assertThat(escalations).hasSize(1);
      assertThat(warnings.get(0).getRecipients(0).getRepId()).isEqualTo(r.getRepId());
      assertThat(warnings.get(0).getRecipients(0).getEmail())
          .as("contact fetched with GetRep")
          .isEqualTo(r.getRepId() + "@example.com");
      assertThat(warnings.get(0).getSlaDeadline()).isEqualTo(timestamp(assignedAt.plusSeconds(2)));
      assertThat(warnings.get(0).getLead().getLeadId()).isEqualTo(r.getLeadId());
      assertThat(escalations.get(0).getRecipients(0).getRepId()).isEqualTo("manager-1");
      assertThat(escalations.get(0).getRecipients(0).getRole())
          .isEqualTo(RecipientRole.RECIPIENT_ROLE_MANAGER);
      assertThat(
              peers.reassignments.stream()
                  .filter(x -> x.getLeadId().equals(r.getLeadId()))
                  .toList())
          .singleElement()
          .satisfies(x -> assertThat(x.getRequestedBy()).isEqualTo("sla"));
      assertThat(a.call(SlaServiceGrpcClient.GetClock, get(r)).getState())
          .isEqualTo(ClockState.CLOCK_STATE_ESCALATED);
    }
    steps.stream()
        .collect(
            Collectors.groupingBy(
                SlaTables.Step::step, Collectors.summarizingDouble(SlaTables.Step::lagMillis)))
        .forEach((k, v) -> System.out.println(k + " " + v));
    double[] lags = steps.stream().mapToDouble(SlaTables.Step::lagMillis).sorted().toArray();
    System.out.printf(
        "firing lag over %d steps: p50 %.1f ms, p99 %.1f ms, max %.1f ms; fired by %s%n",
        lags.length,
        lags[lags.length / 2],
        lags[(int) (lags.length * 0.99)],
        lags[lags.length - 1],
        steps.stream()
            .collect(Collectors.groupingBy(SlaTables.Step::firedBy, Collectors.counting()))
            .values());
    assertThat(lags[0]).as("never early").isGreaterThanOrEqualTo(0);
    // Generous bounds on a busy 2-core machine; the benchmark measures the real figures.
    assertThat(lags[lags.length / 2]).as("median lag ms").isLessThan(200);
    assertThat(lags[lags.length - 1]).as("max lag ms").isLessThan(1500);
  }

  @Test
  void aLeadAPersonTookOverInTheCrmIsNotReassignedButStillEscalated() {
    String prefix = "held-" + UUID.randomUUID() + "-";
    String heldLead = UUID.randomUUID().toString();
    String otherLead = UUID.randomUUID().toString();
    StartClockRequest held = start(prefix + "0", heldLead, Instant.now());
    StartClockRequest other = start(prefix + "1", otherLead, Instant.now());
    peers.currentAssignment.put(heldLead, held.getAssignmentId());
    peers.currentAssignment.put(otherLead, other.getAssignmentId());
    a.call(SlaServiceGrpcClient.StartClock, held);
    a.call(SlaServiceGrpcClient.StartClock, other);
    dev.leadrouter.v1.HoldReassignmentRequest hold =
        dev.leadrouter.v1.HoldReassignmentRequest.newBuilder()
            .setLeadId(heldLead)
            .setSystem(dev.leadrouter.v1.CrmSystem.CRM_SYSTEM_SALESFORCE)
            .setCrmOwnerId("005000000000001AAA")
            .setReason("owner changed in Salesforce by a person")
            .build();
    assertThat(b.call(SlaServiceGrpcClient.HoldReassignment, hold).getNewlyHeld()).isTrue();
    assertThat(a.call(SlaServiceGrpcClient.HoldReassignment, hold).getNewlyHeld()).isFalse();

    // Both ladders run to the end; the other lead's reassignment is the sign the held one's
    // reassignment step was delivered (skipped) too: both are due at the same moment.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                tables.pending(prefix) == 0
                    && peers.reassignments.stream().anyMatch(r -> r.getLeadId().equals(otherLead))
                    && tables.count(
                            "SELECT count(*) FROM sla.outbox WHERE topic = 'routing.reassign'")
                        == 0);
    assertThat(tables.steps(prefix)).hasSize(8);
    assertThat(peers.reassignments).noneMatch(r -> r.getLeadId().equals(heldLead));
    assertThat(
            peers.notifications(
                NotificationKind.NOTIFICATION_KIND_ESCALATION, held.getAssignmentId()))
        .hasSize(1);
  }

  @Test
  void aTouchBeforeTheDueTimeStopsTheLadder() {
    String prefix = "touch-" + UUID.randomUUID() + "-";
    StartClockRequest r = start(prefix + "0", "lead-" + prefix, Instant.now());
    a.call(SlaServiceGrpcClient.StartClock, r);

    sleep(500);
    b.call(
        SlaServiceGrpcClient.RecordTouch,
        RecordTouchRequest.newBuilder()
            .setAssignmentId(r.getAssignmentId())
            .setChannel(TouchChannel.TOUCH_CHANNEL_CALL)
            .build());
    sleep(3500);

    assertThat(tables.steps(prefix)).isEmpty();
    assertThat(
            peers.notifications.stream()
                .filter(n -> n.getAssignmentId().equals(r.getAssignmentId())))
        .isEmpty();
    assertThat(a.call(SlaServiceGrpcClient.GetClock, get(r)).getState())
        .isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        peers.firstTouches.stream()
                            .filter(t -> t.getAssignmentId().equals(r.getAssignmentId())))
                    .hasSize(1));
  }

  @Test
  void erasingTheLeadStopsItsClockAndEveryLaterStep() {
    String prefix = "erased-" + UUID.randomUUID() + "-";
    Instant assignedAt = Instant.now();
    StartClockRequest erased = start(prefix + "erased", "lead-" + prefix + "erased", assignedAt);
    StartClockRequest kept = start(prefix + "kept", "lead-" + prefix + "kept", assignedAt);
    a.call(SlaServiceGrpcClient.StartClock, erased);
    a.call(SlaServiceGrpcClient.StartClock, kept);
    peers.currentAssignment.put(kept.getLeadId(), kept.getAssignmentId());
    peers.currentAssignment.put(erased.getLeadId(), erased.getAssignmentId());

    b.call(
        SlaServiceGrpcClient.ForgetLead,
        dev.leadrouter.v1.ForgetLeadRequest.newBuilder().setLeadId(erased.getLeadId()).build());

    // the other clock, started at the same moment, runs its whole ladder: by then the erased one
    // would have fired every step too
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                tables.pending(prefix + "kept") == 0
                    && peers.reassignments.stream()
                        .anyMatch(r -> r.getLeadId().equals(kept.getLeadId())));
    assertThat(tables.steps(prefix + "kept")).hasSize(4);
    assertThat(tables.steps(prefix + "erased")).isEmpty();
    assertThat(tables.pending(prefix + "erased")).isZero();
    assertThat(
            peers.notifications.stream()
                .filter(n -> n.getAssignmentId().equals(erased.getAssignmentId())))
        .isEmpty();
    assertThat(peers.reassignments.stream().filter(r -> r.getLeadId().equals(erased.getLeadId())))
        .isEmpty();
    assertThat(a.call(SlaServiceGrpcClient.GetClock, get(erased)).getState())
        .isEqualTo(ClockState.CLOCK_STATE_CANCELLED);
  }

  @Test
  void aTouchRacingTheDeadlineEitherWinsOrLosesButNeverBoth() throws Exception {
    String prefix = "race-" + UUID.randomUUID() + "-";
    int clocks = 30;
    Instant assignedAt = Instant.now().plusMillis(200);
    // No warning step, so the deadline (BREACH + ESCALATE) is the first step to race with.
    List<StartClockRequest> requests = new ArrayList<>();
    for (int i = 0; i < clocks; i++) {
      StartClockRequest r =
          start(prefix + i, "lead-" + prefix + i, assignedAt).toBuilder()
              .setTarget(com.google.protobuf.Duration.newBuilder().setSeconds(2))
              .build();
      requests.add(r);
      a.call(SlaServiceGrpcClient.StartClock, r);
    }
    Instant warnAt = assignedAt.plusSeconds(1);
    Instant deadline = assignedAt.plusSeconds(2);
    // Touch each clock around the deadline: from 60 ms before to 60 ms after, every 4 ms.
    List<CompletableFuture<?>> touches = new ArrayList<>();
    Map<String, Instant> answeredAt = new java.util.concurrent.ConcurrentHashMap<>();
    for (int i = 0; i < clocks; i++) {
      StartClockRequest r = requests.get(i);
      Instant touchAt = deadline.minusMillis(60).plusMillis(4L * i);
      sleepUntil(touchAt);
      touches.add(
          CompletableFuture.runAsync(
              () -> {
                b.call(
                    SlaServiceGrpcClient.RecordTouch,
                    RecordTouchRequest.newBuilder().setAssignmentId(r.getAssignmentId()).build());
                answeredAt.put(r.getAssignmentId(), Instant.now());
              }));
    }
    CompletableFuture.allOf(touches.toArray(CompletableFuture[]::new)).get();
    sleep(2500);

    List<SlaTables.Step> steps = tables.steps(prefix);
    for (StartClockRequest r : requests) {
      List<String> fired =
          steps.stream()
              .filter(s -> s.assignmentId().equals(r.getAssignmentId()))
              .map(SlaTables.Step::step)
              .toList();
      var clock = a.call(SlaServiceGrpcClient.GetClock, get(r));
      assertThat(clock.hasTouchedAt()).isTrue();
      assertThat(fired)
          .as("steps of %s", r.getAssignmentId())
          .doesNotHaveDuplicates()
          .contains("WARN");
      boolean escalated = fired.contains("ESCALATE");
      assertThat(
              peers.notifications(
                  NotificationKind.NOTIFICATION_KIND_ESCALATION, r.getAssignmentId()))
          .as("an escalation is sent exactly when its step fired")
          .hasSize(escalated ? 1 : 0);
      if (answeredAt.get(r.getAssignmentId()).isBefore(deadline)) {
        // The touch had committed (its answer arrived) before the deadline: it wins.
        assertThat(fired).as("touch first: %s", r.getAssignmentId()).containsExactly("WARN");
        assertThat(clock.getState()).isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
      }
      assertThat(fired).doesNotContain("REASSIGN");
    }
    assertThat(warnAt).isBefore(deadline);
    System.out.printf(
        "race: %d touches answered before the deadline, %d clocks escalated%n",
        answeredAt.values().stream().filter(t -> t.isBefore(deadline)).count(),
        steps.stream().filter(s -> s.step().equals("ESCALATE")).count());
  }

  private static StartClockRequest start(String assignmentId, String leadId, Instant assignedAt) {
    return StartClockRequest.newBuilder()
        .setAssignmentId(assignmentId)
        .setLeadId(leadId)
        .setRepId("rep-" + (Math.abs(assignmentId.hashCode()) % 5))
        .setManagerRepId("manager-1")
        .setQueueId("q")
        .setAssignedAt(timestamp(assignedAt))
        .setLead(dev.leadrouter.v1.Lead.newBuilder().setLeadId(leadId))
        .build();
  }

  private static GetClockRequest get(StartClockRequest r) {
    return GetClockRequest.newBuilder().setAssignmentId(r.getAssignmentId()).build();
  }

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleepUntil(Instant at) {
    long ms = Duration.between(Instant.now(), at).toMillis();
    if (ms > 0) {
      sleep(ms);
    }
  }
}
