package dev.leadrouter.sla.report;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated speed-to-lead report request over clocks started in [from, to).
 *
 * @param pageSize at most this many rows
 * @param afterKey the last key of the previous page; null for the first page
 */
public record SpeedToLeadQuery(
    Instant from, Instant to, Grouping grouping, int pageSize, String afterKey) {
  public SpeedToLeadQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(grouping, "grouping");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to must be after from");
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive");
    }
  }
}
