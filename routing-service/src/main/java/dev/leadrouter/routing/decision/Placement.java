package dev.leadrouter.routing.decision;

import dev.leadrouter.routing.availability.Availability.Verdict;
import dev.leadrouter.routing.distribution.Capacity;
import dev.leadrouter.routing.distribution.RepLoad;
import dev.leadrouter.v1.Rep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue a plan lands in once capacity is applied: the first step with an available rep under
 * both caps.
 *
 * @param stepIndex index into {@link RoutePlan#steps()}
 * @param eligible available reps under their caps, in queue order: what the strategy chooses from
 * @param capacity the capacity verdict of every available rep of the steps up to and including this
 *     one
 */
public record Placement(int stepIndex, List<String> eligible, Map<String, Verdict> capacity) {

  /** Null when nobody on the way is both available and under their caps. */
  public static Placement of(RoutePlan plan, Map<String, Rep> reps, Map<String, RepLoad> loads) {
    Map<String, Verdict> capacity = new LinkedHashMap<>();
    for (int i = 0; i < plan.steps().size(); i++) {
      List<String> eligible = new ArrayList<>();
      for (String id : plan.steps().get(i).available()) {
        Verdict v = Capacity.check(reps.get(id), loads.getOrDefault(id, RepLoad.none(id)));
        capacity.put(id, v);
        if (v.eligible()) {
          eligible.add(id);
        }
      }
      if (!eligible.isEmpty()) {
        return new Placement(i, eligible, capacity);
      }
    }
    return null;
  }

  /**
   * The estimate's step again, with loads read under lock; null when nobody there is under their
   * caps any more. Verdicts of earlier steps are kept from the estimate, for the trace.
   */
  public static Placement at(
      RoutePlan plan, Placement estimate, Map<String, Rep> reps, Map<String, RepLoad> loads) {
    int stepIndex = estimate.stepIndex();
    Map<String, Verdict> capacity = new LinkedHashMap<>(estimate.capacity());
    List<String> eligible = new ArrayList<>();
    for (String id : plan.steps().get(stepIndex).available()) {
      Verdict v = Capacity.check(reps.get(id), loads.getOrDefault(id, RepLoad.none(id)));
      capacity.put(id, v);
      if (v.eligible()) {
        eligible.add(id);
      }
    }
    return eligible.isEmpty() ? null : new Placement(stepIndex, eligible, capacity);
  }

  /** Reps whose load matters for this plan: capped ones, and everyone in a load-balanced queue. */
  public static List<String> repsNeedingLoad(RoutePlan plan, Map<String, Rep> reps) {
    List<String> out = new ArrayList<>();
    for (QueueStep s : plan.steps()) {
      boolean balanced =
          s.queue().strategy() == dev.leadrouter.routing.matrix.Strategy.LOAD_BALANCED;
      for (String id : s.available()) {
        if ((balanced || Capacity.capped(reps.get(id))) && !out.contains(id)) {
          out.add(id);
        }
      }
    }
    return out;
  }
}
