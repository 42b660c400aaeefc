package dev.leadrouter.sla.report;

import java.util.List;

/**
 * One page of report rows, ordered by key.
 *
 * @param hasMore true when rows after the last one exist
 */
public record SpeedToLeadPage(List<SpeedToLeadRow> rows, boolean hasMore) {
  public SpeedToLeadPage {
    rows = List.copyOf(rows);
  }
}
