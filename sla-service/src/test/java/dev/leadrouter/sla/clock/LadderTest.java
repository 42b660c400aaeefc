package dev.leadrouter.sla.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.sla.ladder.CatchUp;
import dev.leadrouter.sla.ladder.LadderStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LadderTest {
  private static final Instant T = Instant.parse("2026-03-09T14:00:00Z");
  private static final SlaPolicy FULL =
      new SlaPolicy(
          "p",
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          Duration.ZERO,
          true,
          Duration.ofMinutes(10),
          false);

  private static SlaClock clock(SlaPolicy policy, String manager) {
    ClockSchedule s = policy.scheduleFor(T);
    return new SlaClock(
        UUID.randomUUID(),
        "a",
        "l",
        "r",
        null,
        null,
        manager,
        null,
        "p",
        ClockState.RUNNING,
        s,
        null,
        null,
        s.firstStep());
  }

  /** Fires every step in order and returns (step, state after, action). */
  private static List<String> walk(SlaClock clock) {
    List<String> trail = new ArrayList<>();
    while (clock.next() != null) {
      LadderStep step = clock.next().step();
      Ladder.Outcome o = Ladder.fire(clock, step);
      trail.add(
          step
              + "@"
              + Duration.between(T, clock.next().at()).toMinutes()
              + "m->"
              + o.state()
              + "/"
              + o.action());
      clock = clock.advanced(o.state(), o.next().orElse(null));
    }
    return trail;
  }

  @Test
  void theFullLadderWarnsBreachesEscalatesAndReassigns() {
    assertThat(walk(clock(FULL, "boss")))
        .containsExactly(
            "WARN@3m->WARNED/NOTIFY_OWNER",
            "BREACH@5m->BREACHED/MARK_BREACHED",
            "ESCALATE@5m->ESCALATED/NOTIFY_MANAGER",
            "REASSIGN@15m->ESCALATED/REASSIGN");
  }

  @Test
  void withoutAManagerTheEscalationIsRecordedButSendsNothing() {
    assertThat(walk(clock(FULL, null)))
        .containsExactly(
            "WARN@3m->WARNED/NOTIFY_OWNER",
            "BREACH@5m->BREACHED/MARK_BREACHED",
            "ESCALATE@5m->BREACHED/NO_MANAGER",
            "REASSIGN@15m->BREACHED/REASSIGN");
  }

  @Test
  void stepsAPolicyDoesNotHaveAreSkipped() {
    SlaPolicy bare =
        new SlaPolicy("p", Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO, false, null, false);
    assertThat(walk(clock(bare, "boss"))).containsExactly("BREACH@5m->BREACHED/MARK_BREACHED");
  }

  /** Fires every step at {@code now} (a scheduler back after an outage) under the catch-up rule. */
  private static List<String> walkAt(SlaClock clock, Instant now) {
    CatchUp catchUp = new CatchUp(Duration.ofMinutes(2));
    List<String> trail = new ArrayList<>();
    while (clock.next() != null) {
      LadderStep step = clock.next().step();
      Ladder.Outcome o = Ladder.fire(clock, step, now, catchUp);
      trail.add(step + "->" + o.state() + "/" + o.action());
      clock = clock.advanced(o.state(), o.next().orElse(null));
    }
    return trail;
  }

  @Test
  void stepsMissedDuringAnOutageDigestTheEscalationAndDropAWarningForAPassedDeadline() {
    // back 20 minutes after assignment: every step was due while nothing ran
    assertThat(walkAt(clock(FULL, "boss"), T.plus(Duration.ofMinutes(20))))
        .containsExactly(
            "WARN->WARNED/SKIPPED_LATE",
            "BREACH->BREACHED/MARK_BREACHED",
            "ESCALATE->ESCALATED/DIGEST_MANAGER",
            "REASSIGN->ESCALATED/REASSIGN");
  }

  @Test
  void aLateWarningWhoseDeadlineIsStillAheadIsSentAndLiveStepsAreUntouched() {
    SlaPolicy long_ =
        new SlaPolicy(
            "p", Duration.ofMinutes(60), Duration.ofMinutes(30), Duration.ZERO, true, null, false);
    SlaClock c = clock(long_, "boss");
    // the warning (due at 30m) found at 40m: 10 minutes late, but 20 minutes before the deadline
    assertThat(
            Ladder.fire(
                    c,
                    LadderStep.WARN,
                    T.plus(Duration.ofMinutes(40)),
                    new CatchUp(Duration.ofMinutes(2)))
                .action())
        .isEqualTo(Ladder.Action.NOTIFY_OWNER);
    // a step fired within the threshold is live whatever happens
    assertThat(walkAt(clock(FULL, "boss"), T.plus(Duration.ofMinutes(5)).plusSeconds(30)).get(2))
        .isEqualTo("ESCALATE->ESCALATED/NOTIFY_MANAGER");
  }

  @Test
  void onlyTheDueStepCanFire() {
    SlaClock fresh = clock(FULL, "boss");
    assertThatThrownBy(() -> Ladder.fire(fresh, LadderStep.BREACH))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aReassignmentMayNotComeBeforeTheManagerHears() {
    assertThatThrownBy(
            () ->
                new SlaPolicy(
                    "p",
                    Duration.ofMinutes(5),
                    Duration.ZERO,
                    Duration.ofMinutes(5),
                    true,
                    Duration.ofMinutes(1),
                    false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void businessHoursShiftEveryStep() {
    SlaPolicy bh =
        new SlaPolicy(
            "p",
            Duration.ofHours(2),
            Duration.ofHours(1),
            Duration.ZERO,
            true,
            Duration.ofHours(1),
            true);
    var calendar =
        new dev.leadrouter.sla.businesshours.BusinessCalendar(
            java.time.ZoneId.of("America/New_York"),
            List.of(
                new dev.leadrouter.sla.businesshours.WorkingWindow(
                    java.time.DayOfWeek.FRIDAY, 9 * 60, 17 * 60),
                new dev.leadrouter.sla.businesshours.WorkingWindow(
                    java.time.DayOfWeek.MONDAY, 9 * 60, 17 * 60)));
    // Friday 2026-03-06 16:00 EST: warn at 17:00 EST, deadline Monday 10:00 EDT, reassign 11:00
    // EDT.
    ClockSchedule s = bh.scheduleFor(Instant.parse("2026-03-06T21:00:00Z"), null, calendar);
    assertThat(s.warnAt()).isEqualTo(Instant.parse("2026-03-06T22:00:00Z"));
    assertThat(s.deadline()).isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
    assertThat(s.escalateAt()).isEqualTo(s.deadline());
    assertThat(s.reassignAt()).isEqualTo(Instant.parse("2026-03-09T15:00:00Z"));
  }
}
