package dev.leadrouter.sla.clock;

/**
 * Where a clock is in its life. The ladder moves RUNNING -> WARNED -> BREACHED -> ESCALATED
 * (manager alerted); a touch ends it (TOUCHED, or BREACHED if late); a reassignment cancels a clock
 * that was still counting, and leaves a breached one breached so reports keep the miss against its
 * owner.
 */
public enum ClockState {
  RUNNING,
  WARNED,
  ESCALATED,
  BREACHED,
  TOUCHED,
  CANCELLED;

  /**
   * True while the deadline has not passed, so a reassignment cancels the clock instead of keeping
   * its breach.
   */
  public boolean isCounting() {
    return this == RUNNING || this == WARNED;
  }

  /**
   * True when a touch still has something to record. A breached clock accepts its (late) touch so
   * reports see the real time to touch; a touched or cancelled clock has nothing left to record.
   */
  public boolean acceptsTouch() {
    return isCounting() || this == BREACHED || this == ESCALATED;
  }

  /**
   * The state after a first touch. A late touch leaves the clock BREACHED: the SLA was missed
   * whether or not the ladder got round to marking it so before the touch arrived.
   *
   * @throws IllegalStateException if this state does not accept a touch
   */
  public ClockState afterTouch(boolean late) {
    if (!acceptsTouch()) {
      throw new IllegalStateException("a " + this + " clock cannot be touched");
    }
    return late ? BREACHED : TOUCHED;
  }

  /**
   * The state after the lead moved to another assignment: counting clocks stop, others keep their
   * outcome.
   */
  public ClockState afterReassignment() {
    return isCounting() ? CANCELLED : this;
  }
}
