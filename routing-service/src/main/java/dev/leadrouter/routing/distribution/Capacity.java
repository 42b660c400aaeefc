package dev.leadrouter.routing.distribution;

import dev.leadrouter.routing.availability.Availability.Verdict;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.SkipReason;

/**
 * A rep's caps (max open leads, max new leads per local day) against the current counters; 0 = no
 * cap.
 */
public final class Capacity {
  private Capacity() {}

  public static boolean capped(Rep rep) {
    return rep.getCapacity().getMaxOpenLeads() > 0 || rep.getCapacity().getMaxLeadsPerDay() > 0;
  }

  public static Verdict check(Rep rep, RepLoad load) {
    int maxOpen = rep.getCapacity().getMaxOpenLeads();
    if (maxOpen > 0 && load.open() >= maxOpen) {
      return new Verdict(
          SkipReason.SKIP_REASON_OVER_CAPACITY, load.open() + "/" + maxOpen + " open leads");
    }
    int maxDay = rep.getCapacity().getMaxLeadsPerDay();
    if (maxDay > 0 && load.today() >= maxDay) {
      return new Verdict(
          SkipReason.SKIP_REASON_OVER_DAILY_CAP, load.today() + "/" + maxDay + " leads today");
    }
    return new Verdict(SkipReason.SKIP_REASON_NONE, "available");
  }
}
