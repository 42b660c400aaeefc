package dev.leadrouter.sla.clock;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A first-touch SLA: the rep must touch the lead within {@code firstTouchTarget} of the assignment.
 *
 * @param policyId recorded on every clock so a report can tell which rules applied
 * @param firstTouchTarget time from assignment to deadline; positive
 * @param warnBefore how long before the deadline the owner is warned; zero means no warning
 * @param escalateAfter how long after the deadline the lead is escalated; zero escalates at the deadline
 */
public record SlaPolicy(String policyId, Duration firstTouchTarget, Duration warnBefore, Duration escalateAfter) {
  public SlaPolicy {
    Objects.requireNonNull(policyId, "policyId");
    if (firstTouchTarget.isNegative() || firstTouchTarget.isZero()) {
      throw new IllegalArgumentException("first-touch target must be positive, got " + firstTouchTarget);
    }
    if (warnBefore.isNegative() || warnBefore.compareTo(firstTouchTarget) >= 0) {
      // A warning at or before the assignment itself would fire the moment the clock starts.
      throw new IllegalArgumentException("warn-before must be >= 0 and shorter than the target " + firstTouchTarget
          + ", got " + warnBefore);
    }
    if (escalateAfter.isNegative()) {
      throw new IllegalArgumentException("escalate-after must be >= 0, got " + escalateAfter);
    }
  }

  /** The schedule of a clock started at {@code assignedAt} under this policy's own target. */
  public ClockSchedule scheduleFor(Instant assignedAt) {
    return scheduleFor(assignedAt, null);
  }

  /**
   * The schedule of a clock started at {@code assignedAt}. A {@code targetOverride} (null for none)
   * replaces the target and scales the warning and escalation offsets in proportion, so a policy
   * that warns at 60% of the way keeps doing so for a longer or shorter target.
   *
   * <p>Instants are cut to microseconds, PostgreSQL's precision, so what we compute is what we store.
   */
  public ClockSchedule scheduleFor(Instant assignedAt, Duration targetOverride) {
    Instant start = assignedAt.truncatedTo(ChronoUnit.MICROS);
    Duration target = targetOverride == null ? firstTouchTarget : targetOverride;
    if (target.isNegative() || target.isZero()) {
      throw new IllegalArgumentException("target must be positive, got " + target);
    }
    Duration warn = scaled(warnBefore, target);
    Duration escalate = scaled(escalateAfter, target);
    Instant deadline = start.plus(target).truncatedTo(ChronoUnit.MICROS);
    Instant warnAt = warn.isZero() ? null : deadline.minus(warn);
    return new ClockSchedule(start, warnAt, deadline, deadline.plus(escalate));
  }

  private Duration scaled(Duration offset, Duration target) {
    if (target.equals(firstTouchTarget)) {
      return offset;
    }
    // offset * target / firstTouchTarget in microseconds; the product overflows a long for long targets.
    BigInteger micros = BigInteger.valueOf(micros(offset))
        .multiply(BigInteger.valueOf(micros(target)))
        .divide(BigInteger.valueOf(micros(firstTouchTarget)));
    return Duration.of(micros.longValueExact(), ChronoUnit.MICROS);
  }

  private static long micros(Duration d) {
    return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
  }
}
