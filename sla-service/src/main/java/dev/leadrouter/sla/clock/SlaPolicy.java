package dev.leadrouter.sla.clock;

import dev.leadrouter.sla.businesshours.BusinessCalendar;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A first-touch SLA and its escalation ladder: the rep must touch the lead within {@code
 * firstTouchTarget} of the assignment.
 *
 * @param policyId recorded on every clock so a report can tell which rules applied
 * @param firstTouchTarget time from assignment to deadline; positive
 * @param warnBefore how long before the deadline the owner is warned; zero means no warning
 * @param escalateAfter how long after the deadline the manager is alerted; zero alerts at the
 *     deadline
 * @param alertManager false when the policy never alerts the manager (escalateAfter is then unused)
 * @param reassignAfter how long after the deadline the lead is reassigned; null never reassigns
 * @param businessHours true when the clock only runs inside the owner's working hours
 */
public record SlaPolicy(
    String policyId,
    Duration firstTouchTarget,
    Duration warnBefore,
    Duration escalateAfter,
    boolean alertManager,
    Duration reassignAfter,
    boolean businessHours) {
  public SlaPolicy {
    Objects.requireNonNull(policyId, "policyId");
    if (firstTouchTarget.isNegative() || firstTouchTarget.isZero()) {
      throw new IllegalArgumentException(
          "first-touch target must be positive, got " + firstTouchTarget);
    }
    if (warnBefore.isNegative() || warnBefore.compareTo(firstTouchTarget) >= 0) {
      // A warning at or before the assignment itself would fire the moment the clock starts.
      throw new IllegalArgumentException(
          "warn-before must be >= 0 and shorter than the target "
              + firstTouchTarget
              + ", got "
              + warnBefore);
    }
    if (escalateAfter.isNegative()) {
      throw new IllegalArgumentException("escalate-after must be >= 0, got " + escalateAfter);
    }
    if (reassignAfter != null
        && (reassignAfter.isNegative()
            || (alertManager && reassignAfter.compareTo(escalateAfter) < 0))) {
      // The manager hears about a lead before it moves, never after.
      throw new IllegalArgumentException(
          "reassign-after must be >= 0 and not before escalate-after, got " + reassignAfter);
    }
  }

  /** Warn, alert the manager, never reassign, around the clock. */
  public SlaPolicy(
      String policyId, Duration firstTouchTarget, Duration warnBefore, Duration escalateAfter) {
    this(policyId, firstTouchTarget, warnBefore, escalateAfter, true, null, false);
  }

  /** The schedule of a clock started at {@code assignedAt} under this policy's own target. */
  public ClockSchedule scheduleFor(Instant assignedAt) {
    return scheduleFor(assignedAt, null);
  }

  public ClockSchedule scheduleFor(Instant assignedAt, Duration targetOverride) {
    return scheduleFor(assignedAt, targetOverride, null);
  }

  /**
   * The schedule of a clock started at {@code assignedAt}. A {@code targetOverride} (null for none)
   * replaces the target and scales the ladder's offsets in proportion, so a policy that warns at
   * 60% of the way keeps doing so for a longer or shorter target. With a {@code calendar} (null for
   * none) every offset counts working time only.
   *
   * <p>Instants are cut to microseconds, PostgreSQL's precision, so what we compute is what we
   * store.
   */
  public ClockSchedule scheduleFor(
      Instant assignedAt, Duration targetOverride, BusinessCalendar calendar) {
    Instant start = assignedAt.truncatedTo(ChronoUnit.MICROS);
    Duration target = targetOverride == null ? firstTouchTarget : targetOverride;
    if (target.isNegative() || target.isZero()) {
      throw new IllegalArgumentException("target must be positive, got " + target);
    }
    Duration warn = scaled(warnBefore, target);
    Instant deadline = after(calendar, start, target);
    Instant warnAt = warn.isZero() ? null : after(calendar, start, target.minus(warn));
    Instant escalateAt =
        alertManager ? after(calendar, start, target.plus(scaled(escalateAfter, target))) : null;
    Instant reassignAt =
        reassignAfter == null
            ? null
            : after(calendar, start, target.plus(scaled(reassignAfter, target)));
    return new ClockSchedule(start, warnAt, deadline, escalateAt, reassignAt);
  }

  private static Instant after(BusinessCalendar calendar, Instant start, Duration offset) {
    Instant at = calendar == null ? start.plus(offset) : calendar.plusWorking(start, offset);
    return at.truncatedTo(ChronoUnit.MICROS);
  }

  private Duration scaled(Duration offset, Duration target) {
    if (target.equals(firstTouchTarget)) {
      return offset;
    }
    // offset * target / firstTouchTarget in microseconds; the product overflows a long for long
    // targets.
    BigInteger micros =
        BigInteger.valueOf(micros(offset))
            .multiply(BigInteger.valueOf(micros(target)))
            .divide(BigInteger.valueOf(micros(firstTouchTarget)));
    return Duration.of(micros.longValueExact(), ChronoUnit.MICROS);
  }

  private static long micros(Duration d) {
    return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
  }
}
