package dev.leadrouter.routing.matrix;

import dev.leadrouter.routing.rules.Territory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A validated routing matrix with its conditions compiled: rules in priority order (stable for
 * equal priorities), the queues they name, the catch-all, territories and the scoring model.
 */
public record RoutingMatrix(
    long version,
    List<Rule> rules,
    Map<String, Queue> queues,
    String catchAllQueue,
    Map<String, Territory> territories,
    List<ScoringRule> scoring) {
  public RoutingMatrix {
    rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
    queues = Map.copyOf(queues);
    territories = Map.copyOf(territories);
    scoring = List.copyOf(scoring);
  }

  public RoutingMatrix(
      long version, List<Rule> rules, Map<String, Queue> queues, String catchAllQueue) {
    this(version, rules, queues, catchAllQueue, Map.of(), List.of());
  }

  public RoutingMatrix withVersion(long v) {
    return new RoutingMatrix(v, rules, queues, catchAllQueue, territories, scoring);
  }

  public Queue queue(String id) {
    return queues.get(id);
  }
}
