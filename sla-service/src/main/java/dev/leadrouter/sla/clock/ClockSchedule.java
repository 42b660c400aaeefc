package dev.leadrouter.sla.clock;

import dev.leadrouter.sla.ladder.DueStep;
import dev.leadrouter.sla.ladder.LadderStep;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The instants an SLA policy sets for one clock: its escalation ladder.
 *
 * @param startedAt when the clock started (the assignment time)
 * @param warnAt when the owner is warned; null when the policy has no warning step
 * @param deadline the first-touch deadline; the clock is breached after it
 * @param escalateAt when the manager is alerted; null when the policy does not alert
 * @param reassignAt when the lead is reassigned; null when the policy never reassigns
 */
public record ClockSchedule(
    Instant startedAt, Instant warnAt, Instant deadline, Instant escalateAt, Instant reassignAt) {
  public ClockSchedule {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(deadline, "deadline");
    if (!deadline.isAfter(startedAt)) {
      throw new IllegalArgumentException("deadline must be after startedAt");
    }
    if (warnAt != null && (!warnAt.isAfter(startedAt) || !warnAt.isBefore(deadline))) {
      throw new IllegalArgumentException("warnAt must lie between start and deadline");
    }
    if (escalateAt != null && escalateAt.isBefore(deadline)) {
      throw new IllegalArgumentException("escalateAt must not be before the deadline");
    }
    if (reassignAt != null
        && (reassignAt.isBefore(deadline)
            || (escalateAt != null && reassignAt.isBefore(escalateAt)))) {
      throw new IllegalArgumentException(
          "reassignAt must not be before the deadline or the escalation");
    }
  }

  public ClockSchedule(Instant startedAt, Instant warnAt, Instant deadline, Instant escalateAt) {
    this(startedAt, warnAt, deadline, escalateAt, null);
  }

  /** The first ladder step due on a fresh clock: the warning if there is one, else the deadline. */
  public Instant firstFireAt() {
    return firstStep().at();
  }

  public DueStep firstStep() {
    return warnAt != null
        ? new DueStep(LadderStep.WARN, warnAt)
        : new DueStep(LadderStep.BREACH, deadline);
  }

  /**
   * The step after {@code step} in ladder order that this schedule has, or empty after the last.
   */
  @SuppressWarnings(
      "EnumOrdinal") // the ladder's order is LadderStep's declaration order, by design
  public Optional<DueStep> after(LadderStep step) {
    LadderStep[] steps = LadderStep.values();
    for (int i = step.ordinal() + 1; i < steps.length; i++) {
      Instant at = at(steps[i]);
      if (at != null) {
        return Optional.of(new DueStep(steps[i], at));
      }
    }
    return Optional.empty();
  }

  /** When {@code step} is due; null when this schedule does not have it. */
  public Instant at(LadderStep step) {
    return switch (step) {
      case WARN -> warnAt;
      case BREACH -> deadline;
      case ESCALATE -> escalateAt;
      case REASSIGN -> reassignAt;
    };
  }
}
