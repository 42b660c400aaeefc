package dev.leadrouter.routing.decision;

import dev.leadrouter.routing.availability.Availability.Verdict;
import dev.leadrouter.routing.matrix.Queue;
import dev.leadrouter.routing.matrix.RequiredSkills;
import dev.leadrouter.routing.matrix.Strategy;
import dev.leadrouter.v1.Capacity;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.SkipReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small plans, reps and steps for the decision package's unit tests. */
final class Plans {
  static final Verdict OK = new Verdict(SkipReason.SKIP_REASON_NONE, "available");
  static final Verdict AWAY = new Verdict(SkipReason.SKIP_REASON_STATUS, "away");

  private Plans() {}

  static Rep rep(String id, int maxOpen, int maxDay) {
    return Rep.newBuilder()
        .setRepId(id)
        .setCapacity(Capacity.newBuilder().setMaxOpenLeads(maxOpen).setMaxLeadsPerDay(maxDay))
        .build();
  }

  static Queue queue(String id, Strategy strategy, String... members) {
    return new Queue(id, strategy, List.of(members), Map.of(), RequiredSkills.NONE, null, null);
  }

  /** A step whose candidates are given as id, verdict pairs; the available ones are the OK ones. */
  static QueueStep step(Queue queue, Object... idAndVerdict) {
    Map<String, Verdict> candidates = new LinkedHashMap<>();
    for (int i = 0; i < idAndVerdict.length; i += 2) {
      candidates.put((String) idAndVerdict[i], (Verdict) idAndVerdict[i + 1]);
    }
    List<String> available =
        candidates.entrySet().stream()
            .filter(e -> e.getValue().eligible())
            .map(Map.Entry::getKey)
            .toList();
    return new QueueStep(queue, candidates, available, null);
  }

  static RoutePlan plan(String ruleId, QueueStep... steps) {
    return new RoutePlan(
        7, ruleId, new Score(0, List.of()), List.of(), List.of(steps), "catch-all");
  }
}
