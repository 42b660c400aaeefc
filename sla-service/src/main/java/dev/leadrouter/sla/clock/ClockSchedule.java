package dev.leadrouter.sla.clock;

import java.time.Instant;
import java.util.Objects;

/**
 * The instants an SLA policy sets for one clock.
 *
 * @param startedAt when the clock started (the assignment time)
 * @param warnAt when the owner is warned; null when the policy has no warning step
 * @param deadline the first-touch deadline
 * @param escalateAt when the lead is escalated; null when the policy has no escalation step
 */
public record ClockSchedule(Instant startedAt, Instant warnAt, Instant deadline, Instant escalateAt) {
  public ClockSchedule {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(deadline, "deadline");
    if (!deadline.isAfter(startedAt)) {
      throw new IllegalArgumentException("deadline must be after startedAt");
    }
  }

  /** The first ladder step due on a fresh clock: the warning if there is one, else the deadline. */
  public Instant firstFireAt() {
    return warnAt != null ? warnAt : deadline;
  }
}
