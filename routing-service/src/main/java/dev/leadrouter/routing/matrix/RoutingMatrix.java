package dev.leadrouter.routing.matrix;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A published, validated routing matrix: rules in priority order, the queues they name, and the catch-all. */
public record RoutingMatrix(long version, List<Rule> rules, Map<String, Queue> queues, String catchAllQueue) {
  public RoutingMatrix {
    rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority)).toList();
    queues = Map.copyOf(queues);
  }

  public RoutingMatrix withVersion(long v) {
    return new RoutingMatrix(v, rules, queues, catchAllQueue);
  }

  public Queue queue(String id) {
    return queues.get(id);
  }
}
