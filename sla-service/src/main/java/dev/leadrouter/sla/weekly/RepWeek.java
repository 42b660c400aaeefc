package dev.leadrouter.sla.weekly;

import java.time.Duration;

/**
 * One rep's week in a manager's report.
 *
 * @param assigned clocks whose deadline fell in the week (cancelled clocks excluded)
 * @param breached of those, touched after the deadline or not at all
 * @param untouched of the breached, never touched
 * @param medianTimeToTouch over touched clocks; null when none was touched
 */
public record RepWeek(
    String managerRepId,
    String repId,
    long assigned,
    long breached,
    long untouched,
    Duration medianTimeToTouch) {}
