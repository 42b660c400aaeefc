package dev.leadrouter.sla.report;

import java.time.Duration;

/**
 * Speed-to-lead figures of one group; cancelled clocks are not counted anywhere.
 *
 * @param key rep, queue or segment; "" for clocks without one
 * @param assigned clocks started in the range
 * @param touched of those, clocks touched (at any time)
 * @param median median time to first touch over touched clocks; null when none was touched
 * @param p90 90th percentile time to first touch over touched clocks; null when none was touched
 * @param breached clocks touched after their deadline, or untouched with the deadline passed
 * @param touchedWithin5m clocks touched within 5 minutes of the assignment
 */
public record SpeedToLeadRow(
    String key,
    long assigned,
    long touched,
    Duration median,
    Duration p90,
    long breached,
    long touchedWithin5m) {

  public double breachRate() {
    return share(breached);
  }

  public double touchedWithin5mShare() {
    return share(touchedWithin5m);
  }

  private double share(long count) {
    return assigned == 0 ? 0.0 : (double) count / assigned;
  }
}
