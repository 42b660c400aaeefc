package dev.leadrouter.sla.clock;

import dev.leadrouter.sla.ladder.CatchUp;
import dev.leadrouter.sla.ladder.DueStep;
import dev.leadrouter.sla.ladder.LadderStep;
import java.time.Instant;
import java.util.Optional;

/**
 * What firing a ladder step does to a clock. Pure: the scheduler applies the outcome and writes the
 * outward call in the same transaction.
 */
public final class Ladder {
  private Ladder() {}

  /** What a fired step asks the outside world to do. */
  public enum Action {
    /** SLA_WARNING to the owner. */
    NOTIFY_OWNER,
    /** Nothing outside: the clock is marked breached. */
    MARK_BREACHED,
    /** ESCALATION to the owner's manager. */
    NOTIFY_MANAGER,
    /** The step was due, but the owner has no manager to alert. */
    NO_MANAGER,
    /** RoutingService.Reassign. */
    REASSIGN,
    /** An escalation found late after an outage: listed in the manager's next digest instead. */
    DIGEST_MANAGER,
    /** A warning found late after an outage, its deadline already passed: not sent. */
    SKIPPED_LATE
  }

  /**
   * What one ladder step did.
   *
   * @param state the clock's state after the step
   * @param next the following step, empty after the last one
   */
  public record Outcome(ClockState state, Optional<DueStep> next, Action action) {}

  /**
   * The outcome of firing {@code step}, which must be the clock's due step.
   *
   * @throws IllegalStateException when {@code step} is not what the clock has due
   */
  public static Outcome fire(SlaClock clock, LadderStep step, Instant now, CatchUp catchUp) {
    Outcome live = fire(clock, step);
    if (!catchUp.missed(clock.next().at(), now)) {
      return live;
    }
    return switch (live.action()) {
      case NOTIFY_MANAGER -> new Outcome(live.state(), live.next(), Action.DIGEST_MANAGER);
      case NOTIFY_OWNER ->
          now.isBefore(clock.schedule().deadline())
              ? live
              : new Outcome(live.state(), live.next(), Action.SKIPPED_LATE);
      default -> live;
    };
  }

  /** The outcome of firing a live {@code step} (see {@link CatchUp} for missed ones). */
  public static Outcome fire(SlaClock clock, LadderStep step) {
    if (clock.next() == null || clock.next().step() != step) {
      throw new IllegalStateException("step " + step + " is not due on clock " + clock.clockId());
    }
    Optional<DueStep> next = clock.schedule().after(step);
    ClockState state = clock.state();
    return switch (step) {
      case WARN ->
          new Outcome(
              state == ClockState.RUNNING ? ClockState.WARNED : state, next, Action.NOTIFY_OWNER);
      case BREACH -> new Outcome(ClockState.BREACHED, next, Action.MARK_BREACHED);
      case ESCALATE ->
          clock.managerRepId() == null
              ? new Outcome(state, next, Action.NO_MANAGER)
              : new Outcome(ClockState.ESCALATED, next, Action.NOTIFY_MANAGER);
      case REASSIGN -> new Outcome(state, next, Action.REASSIGN);
    };
  }
}
