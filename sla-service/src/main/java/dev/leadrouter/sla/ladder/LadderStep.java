package dev.leadrouter.sla.ladder;

/**
 * The steps of an escalation ladder, in the order they fire. Each fires at most once per clock.
 *
 * <ul>
 *   <li>WARN: the owner is warned before the deadline.
 *   <li>BREACH: the deadline passed untouched; the clock is marked breached (no message).
 *   <li>ESCALATE: the owner's manager is alerted.
 *   <li>REASSIGN: routing-service moves the lead to another rep, whose new clock starts.
 * </ul>
 */
public enum LadderStep {
  WARN,
  BREACH,
  ESCALATE,
  REASSIGN
}
