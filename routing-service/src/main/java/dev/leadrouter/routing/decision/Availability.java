package dev.leadrouter.routing.decision;

import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.SkipReason;
import java.util.Set;

/**
 * Whether a rep may take a lead now, and if not, why. The walking skeleton checks whether the rep is
 * active, live status and earlier ownership; working hours, time off and capacity are added here.
 */
public final class Availability {

  /** {@link SkipReason#SKIP_REASON_NONE} when the rep is eligible. */
  public SkipReason check(Rep rep, Set<String> excludedReps) {
    if (rep == null || !rep.getActive()) {
      return SkipReason.SKIP_REASON_INACTIVE;
    }
    if (excludedReps.contains(rep.getRepId())) {
      return SkipReason.SKIP_REASON_PREVIOUS_OWNER;
    }
    if (rep.getStatus() == RepStatus.REP_STATUS_AWAY || rep.getStatus() == RepStatus.REP_STATUS_OFFLINE) {
      return SkipReason.SKIP_REASON_STATUS;
    }
    return SkipReason.SKIP_REASON_NONE;
  }
}
