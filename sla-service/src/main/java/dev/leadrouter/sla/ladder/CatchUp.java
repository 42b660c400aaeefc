package dev.leadrouter.sla.ladder;

import java.time.Duration;
import java.time.Instant;

/**
 * How steps that became due while no scheduler was running (an outage, a restart, a long deploy)
 * are fired once sla-service is back. A live step fires within milliseconds of its due time; one
 * found more than {@code staleAfter} late was missed, and firing each such step's message as if it
 * were live floods managers with hundreds of escalations in seconds. So a late escalation goes into
 * its manager's digest (see {@code EscalationDigests}), and a late warning whose deadline has
 * passed too is dropped: it could only say "your deadline is coming" about a deadline already
 * missed. Marking breaches and reassigning are not messages and go ahead as usual.
 *
 * @param staleAfter how late a step must be to count as caught up rather than live
 */
public record CatchUp(Duration staleAfter) {
  public CatchUp {
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("catch-up threshold must be positive, got " + staleAfter);
    }
  }

  /** True when a step due at {@code due} and firing at {@code now} was missed, not live. */
  public boolean missed(Instant due, Instant now) {
    return Duration.between(due, now).compareTo(staleAfter) > 0;
  }
}
