package dev.leadrouter.routing.distribution;

import java.time.Instant;

/**
 * A rep's current load, counted from assignments in the database.
 *
 * @param open current assignments not yet first-touched
 * @param today assignments since the start of the rep's local day
 * @param lastAssigned the rep's latest assignment, or null if never
 */
public record RepLoad(String repId, int open, int today, Instant lastAssigned) {
  public static RepLoad none(String repId) {
    return new RepLoad(repId, 0, 0, null);
  }
}
