package dev.leadrouter.sla.clock;

/**
 * Where a clock is in its life. The ladder moves RUNNING -> WARNED -> BREACHED / ESCALATED; a touch
 * ends it (TOUCHED, or BREACHED if late); a reassignment cancels it.
 */
public enum ClockState {
  RUNNING,
  WARNED,
  ESCALATED,
  BREACHED,
  TOUCHED,
  CANCELLED;

  /** True while the clock still counts towards a deadline, so ladder steps and cancellation apply. */
  public boolean isCounting() {
    return this == RUNNING || this == WARNED || this == ESCALATED;
  }

  /**
   * True when a touch still has something to record. A breached clock accepts its (late) touch so
   * reports see the real time to touch; a touched or cancelled clock has nothing left to record.
   */
  public boolean acceptsTouch() {
    return isCounting() || this == BREACHED;
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

  /** The state after the lead moved to another assignment: counting clocks stop, others keep their outcome. */
  public ClockState afterReassignment() {
    return isCounting() ? CANCELLED : this;
  }
}
