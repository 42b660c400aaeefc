package dev.leadrouter.sla.clock;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.sla.ladder.DueStep;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The first-touch clock of one assignment, as stored. Optional values are null when absent.
 *
 * @param next the ladder step due next; null once nothing is left to fire (touched, cancelled,
 *     done)
 */
public record SlaClock(
    UUID clockId,
    String assignmentId,
    String leadId,
    String repId,
    String queueId,
    String segment,
    String managerRepId,
    String repTimeZone,
    String policyId,
    ClockState state,
    ClockSchedule schedule,
    Instant touchedAt,
    String touchChannel,
    DueStep next) {

  /** When the next ladder step is due; null when none is. */
  public Instant nextFireAt() {
    return next == null ? null : next.at();
  }

  /** A copy in another state with another next step. */
  public SlaClock advanced(ClockState newState, DueStep newNext) {
    return new SlaClock(
        clockId,
        assignmentId,
        leadId,
        repId,
        queueId,
        segment,
        managerRepId,
        repTimeZone,
        policyId,
        newState,
        schedule,
        touchedAt,
        touchChannel,
        newNext);
  }

  /** touched_at - started_at; null until touched. */
  public Duration timeToTouch() {
    return touchedAt == null ? null : Duration.between(schedule.startedAt(), touchedAt);
  }

  /**
   * Applies a touch. The first touch wins: on a clock that was already touched (or cancelled) this
   * returns empty, and the caller answers with the clock as it is, which makes retries harmless.
   *
   * @throws InvalidInputException when the touch is before the clock started or by another rep
   */
  public Optional<SlaClock> touched(Touch touch) {
    List<Violation> violations = new ArrayList<>();
    Instant at = touch.touchedAt().truncatedTo(ChronoUnit.MICROS);
    if (at.isBefore(schedule.startedAt())) {
      violations.add(
          new Violation(
              "touched_at", "is before the clock started (" + schedule.startedAt() + ")"));
    }
    if (touch.repId() != null && !touch.repId().equals(repId)) {
      violations.add(new Violation("rep_id", "is not the rep who owns the assignment"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    if (!state.acceptsTouch() || touchedAt != null) {
      return Optional.empty();
    }
    boolean late = at.isAfter(schedule.deadline());
    return Optional.of(
        new SlaClock(
            clockId,
            assignmentId,
            leadId,
            repId,
            queueId,
            segment,
            managerRepId,
            repTimeZone,
            policyId,
            state.afterTouch(late),
            schedule,
            at,
            touch.channel(),
            null));
  }
}
