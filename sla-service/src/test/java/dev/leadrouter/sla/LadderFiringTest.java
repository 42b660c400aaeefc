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
 *
 * <p>Steps fire on the database's clock, by design (replicas agree on what is due whatever their
 * own clocks say), so no test {@link Clock} can move them: these tests run in real time. To stay
 * independent of how loaded the machine is, none sleeps before a "nothing fired" check (a clock
 * started at the same moment is waited for instead: once its later steps fired, the other's would
 * have too), and a touch that must come first gets seconds of margin, checked, not milliseconds.
 * What remains timing-bound is what is under test: the firing lag and the race at the deadline.
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
    // Two clocks started at the same moment with a 4 s target: the warning is due 3 s from now,
    // room enough for the touch to commit first even on a loaded machine.
    Instant assignedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Instant warnAt = assignedAt.plusSeconds(3);
    StartClockRequest touched =
        withTarget(start(prefix + "touched", "lead-" + prefix + "touched", assignedAt), 4);
    StartClockRequest untouched =
        withTarget(start(prefix + "untouched", "lead-" + prefix + "untouched", assignedAt), 4);
    peers.currentAssignment.put(untouched.getLeadId(), untouched.getAssignmentId());
    a.call(SlaServiceGrpcClient.StartClock, touched);
    a.call(SlaServiceGrpcClient.StartClock, untouched);

    b.call(
        SlaServiceGrpcClient.RecordTouch,
        RecordTouchRequest.newBuilder()
            .setAssignmentId(touched.getAssignmentId())
            .setChannel(TouchChannel.TOUCH_CHANNEL_CALL)
            .build());
    assertThat(Instant.now()).as("the touch committed before the warning was due").isBefore(warnAt);

    // The untouched clock runs its whole ladder: by then every step of the touched one, due at the
    // same moments, would have fired too. Waiting for that replaces sleeping past the due times.
    awaitWholeLadder(untouched);
    assertThat(tables.steps(prefix + "touched")).isEmpty();
    assertThat(
            peers.notifications.stream()
                .filter(n -> n.getAssignmentId().equals(touched.getAssignmentId())))
        .isEmpty();
    assertThat(peers.reassignments.stream().filter(x -> x.getLeadId().equals(touched.getLeadId())))
        .isEmpty();
    assertThat(a.call(SlaServiceGrpcClient.GetClock, get(touched)).getState())
        .isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        peers.firstTouches.stream()
                            .filter(t -> t.getAssignmentId().equals(touched.getAssignmentId())))
                    .hasSize(1));
  }

  /**
   * Waits until the clock fired its last step (the reassignment), routing was asked to reassign,
   * and its notifications are out of the outbox: what it would ever send has been sent.
   */
  private static void awaitWholeLadder(StartClockRequest r) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                tables.pending(r.getAssignmentId()) == 0
                    && peers.reassignments.stream()
                        .anyMatch(x -> x.getLeadId().equals(r.getLeadId()))
                    && peers.notifications.stream()
                            .filter(n -> n.getAssignmentId().equals(r.getAssignmentId()))
                            .count()
                        == 2);
  }

  private static StartClockRequest withTarget(StartClockRequest r, int seconds) {
    return r.toBuilder()
        .setTarget(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))
        .build();
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

  /**
   * Touches around the deadline (BREACH + ESCALATE). Three groups make both outcomes certain to be
   * checked, not left to how fast the machine answers: touches well before the deadline must win
   * (no escalation, TOUCHED), touches after the escalation fired must lose (escalated, BREACHED),
   * and touches within 60 ms of the deadline may go either way but never both.
   */
  @Test
  void aTouchRacingTheDeadlineEitherWinsOrLosesButNeverBoth() throws Exception {
    String prefix = "race-" + UUID.randomUUID() + "-";
    // Far enough ahead that starting 37 clocks is done long before anything is due.
    Instant assignedAt = Instant.now().plusMillis(1500);
    Instant deadline = assignedAt.plusSeconds(2);
    List<StartClockRequest> early = startClocks(prefix + "early-", 3, assignedAt);
    List<StartClockRequest> racing = startClocks(prefix + "racing-", 30, assignedAt);
    List<StartClockRequest> late = startClocks(prefix + "late-", 3, assignedAt);
    // Never touched: its reassignment, due 1 s after the deadline, is the sign that no step of the
    // touched clocks (all due at the same moments) is still to come.
    StartClockRequest untouched = startClocks(prefix + "untouched-", 1, assignedAt).get(0);
    peers.currentAssignment.put(untouched.getLeadId(), untouched.getAssignmentId());
    Map<String, Instant> answeredAt = new java.util.concurrent.ConcurrentHashMap<>();

    // 800 ms before the deadline (and about when the warning fires, 1 s before it).
    sleepUntil(deadline.minusMillis(800));
    early.forEach(r -> touch(r, answeredAt));
    assertThat(answeredAt.values())
        .as("the early touches committed before the deadline")
        .allMatch(t -> t.isBefore(deadline));

    // Touch each racing clock around the deadline: from 60 ms before to 60 ms after, every 4 ms.
    List<CompletableFuture<?>> touches = new ArrayList<>();
    for (int i = 0; i < racing.size(); i++) {
      StartClockRequest r = racing.get(i);
      sleepUntil(deadline.minusMillis(60).plusMillis(4L * i));
      touches.add(CompletableFuture.runAsync(() -> touch(r, answeredAt)));
    }
    CompletableFuture.allOf(touches.toArray(CompletableFuture[]::new)).get();

    // Once their escalation step has fired, the late clocks are touched, well before their
    // reassignment (1 s after the deadline).
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                tables.steps(prefix + "late-").stream()
                        .filter(st -> st.step().equals("ESCALATE"))
                        .count()
                    == late.size());
    late.forEach(r -> touch(r, answeredAt));
    Instant reassignAt = deadline.plusSeconds(1);
    assertThat(late)
        .as("the late touches committed before the reassignment was due")
        .allMatch(r -> answeredAt.get(r.getAssignmentId()).isBefore(reassignAt));

    awaitWholeLadder(untouched);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> tables.count("SELECT count(*) FROM sla.outbox WHERE topic = 'notify.reps'") == 0);

    List<SlaTables.Step> steps = tables.steps(prefix);
    for (StartClockRequest r : early) {
      // the warning may or may not have fired before the touch; nothing at the deadline may
      assertThat(fired(steps, r)).as("touch first: %s", r.getAssignmentId()).isSubsetOf("WARN");
      assertThat(escalations(r)).isEmpty();
      assertThat(a.call(SlaServiceGrpcClient.GetClock, get(r)).getState())
          .isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
    }
    for (StartClockRequest r : late) {
      assertThat(fired(steps, r))
          .as("escalated first: %s", r.getAssignmentId())
          .containsExactlyInAnyOrder("WARN", "BREACH", "ESCALATE");
      assertThat(escalations(r)).hasSize(1);
      var clock = a.call(SlaServiceGrpcClient.GetClock, get(r));
      assertThat(clock.hasTouchedAt()).isTrue();
      assertThat(clock.getState()).isEqualTo(ClockState.CLOCK_STATE_BREACHED);
    }
    for (StartClockRequest r : racing) {
      List<String> fired = fired(steps, r);
      var clock = a.call(SlaServiceGrpcClient.GetClock, get(r));
      assertThat(clock.hasTouchedAt()).isTrue();
      assertThat(fired)
          .as("steps of %s", r.getAssignmentId())
          .doesNotHaveDuplicates()
          .doesNotContain("REASSIGN");
      assertThat(escalations(r))
          .as("an escalation is sent exactly when its step fired")
          .hasSize(fired.contains("ESCALATE") ? 1 : 0);
      if (answeredAt.get(r.getAssignmentId()).isBefore(deadline)) {
        // Its answer arrived before the deadline, so it committed before the step could fire.
        assertThat(fired).as("touch first: %s", r.getAssignmentId()).isSubsetOf("WARN");
        assertThat(clock.getState()).isEqualTo(ClockState.CLOCK_STATE_TOUCHED);
      }
      if (instantOf(clock.getTouchedAt()).isAfter(deadline)) {
        assertThat(clock.getState()).as("a late touch").isEqualTo(ClockState.CLOCK_STATE_BREACHED);
      }
    }
    assertThat(fired(steps, untouched))
        .containsExactlyInAnyOrder("WARN", "BREACH", "ESCALATE", "REASSIGN");
    System.out.printf(
        "race: %d of %d racing touches answered before the deadline, %d racing clocks escalated%n",
        racing.stream().filter(r -> answeredAt.get(r.getAssignmentId()).isBefore(deadline)).count(),
        racing.size(),
        racing.stream().filter(r -> fired(steps, r).contains("ESCALATE")).count());
  }

  private static List<StartClockRequest> startClocks(String prefix, int n, Instant assignedAt) {
    List<StartClockRequest> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StartClockRequest r = withTarget(start(prefix + i, "lead-" + prefix + i, assignedAt), 2);
      a.call(SlaServiceGrpcClient.StartClock, r);
      requests.add(r);
    }
    return requests;
  }

  private static void touch(StartClockRequest r, Map<String, Instant> answeredAt) {
    b.call(
        SlaServiceGrpcClient.RecordTouch,
        RecordTouchRequest.newBuilder().setAssignmentId(r.getAssignmentId()).build());
    answeredAt.put(r.getAssignmentId(), Instant.now());
  }

  /** The steps fired for one clock, in firing order. */
  private static List<String> fired(List<SlaTables.Step> steps, StartClockRequest r) {
    return steps.stream()
        .filter(st -> st.assignmentId().equals(r.getAssignmentId()))
        .map(SlaTables.Step::step)
        .toList();
  }

  private static List<NotifyRequest> escalations(StartClockRequest r) {
    return peers.notifications(NotificationKind.NOTIFICATION_KIND_ESCALATION, r.getAssignmentId());
  }

  private static Instant instantOf(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
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
