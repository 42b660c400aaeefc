package dev.leadrouter.routing.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a routing matrix document (YAML or JSON) and checks it completely, reporting every problem
 * with its path rather than stopping at the first: unknown fields, unknown queues or reps, empty
 * queues, a missing catch-all.
 *
 * <pre>
 * catch_all_queue: catch-all
 * queues:
 *   - id: north-america
 *     strategy: round_robin
 *     members: [alice, bob]
 * rules:
 *   - id: na-leads
 *     priority: 10
 *     when: { country_in: [US, CA] }
 *     queue: north-america
 * </pre>
 */
public final class MatrixParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP = Set.of("catch_all_queue", "queues", "rules", "description");
  private static final Set<String> QUEUE = Set.of("id", "strategy", "members", "backup_queue", "description");
  private static final Set<String> RULE = Set.of("id", "priority", "when", "queue", "description");
  private static final Set<String> WHEN = Set.of("country_in");
  private static final Set<String> STRATEGIES = Set.of("round_robin");

  /**
   * @param knownReps rep ids that exist; members outside it are reported
   * @throws InvalidInputException listing every problem found
   */
  public RoutingMatrix parse(String source, boolean json, Set<String> knownReps) {
    JsonNode root;
    try {
      root = (json ? JSON : YAML).readTree(source);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("source", "not readable " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
    }
    List<Violation> v = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("source", "the matrix must be a mapping with queues and rules");
    }
    unknownFields(v, root, TOP, "");
    Map<String, Queue> queues = queues(v, root.path("queues"), knownReps);
    List<Rule> rules = rules(v, root.path("rules"), queues.keySet());
    String catchAll = root.path("catch_all_queue").asText("");
    if (catchAll.isEmpty()) {
      v.add(new Violation("catch_all_queue", "required: the queue that takes every lead no rule matched"));
    } else if (!queues.containsKey(catchAll)) {
      v.add(new Violation("catch_all_queue", "unknown queue '" + catchAll + "'"));
    }
    queues.values().forEach(q -> {
      if (q.backupQueue() != null && !queues.containsKey(q.backupQueue())) {
        v.add(new Violation("queues[" + q.id() + "].backup_queue", "unknown queue '" + q.backupQueue() + "'"));
      }
    });
    if (!v.isEmpty()) {
      throw new InvalidInputException(v);
    }
    return new RoutingMatrix(0, rules, queues, catchAll);
  }

  private static Map<String, Queue> queues(List<Violation> v, JsonNode node, Set<String> knownReps) {
    Map<String, Queue> queues = new LinkedHashMap<>();
    if (!node.isArray() || node.isEmpty()) {
      v.add(new Violation("queues", "at least one queue is required"));
      return queues;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode q = node.get(i);
      String path = "queues[" + i + "]";
      unknownFields(v, q, QUEUE, path + ".");
      String id = q.path("id").asText("");
      if (id.isEmpty()) {
        v.add(new Violation(path + ".id", "required"));
        continue;
      }
      if (queues.containsKey(id)) {
        v.add(new Violation(path + ".id", "duplicate queue '" + id + "'"));
      }
      String strategy = q.path("strategy").asText("round_robin");
      if (!STRATEGIES.contains(strategy)) {
        v.add(new Violation(path + ".strategy", "unknown strategy '" + strategy + "'; known: " + STRATEGIES));
      }
      List<String> members = new ArrayList<>();
      JsonNode m = q.path("members");
      if (!m.isArray() || m.isEmpty()) {
        v.add(new Violation(path + ".members", "queue '" + id + "' has no members"));
      } else {
        for (int j = 0; j < m.size(); j++) {
          String rep = m.get(j).asText("");
          if (!knownReps.contains(rep)) {
            v.add(new Violation(path + ".members[" + j + "]", "unknown rep '" + rep + "'"));
          } else if (members.contains(rep)) {
            v.add(new Violation(path + ".members[" + j + "]", "rep '" + rep + "' listed twice"));
          } else {
            members.add(rep);
          }
        }
      }
      String backup = q.path("backup_queue").asText("");
      queues.put(id, new Queue(id, strategy, members, backup.isEmpty() ? null : backup));
    }
    return queues;
  }

  private static List<Rule> rules(List<Violation> v, JsonNode node, Set<String> queueIds) {
    List<Rule> rules = new ArrayList<>();
    if (node.isMissingNode()) {
      return rules;
    }
    if (!node.isArray()) {
      v.add(new Violation("rules", "must be a list"));
      return rules;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode r = node.get(i);
      String path = "rules[" + i + "]";
      unknownFields(v, r, RULE, path + ".");
      String id = r.path("id").asText("");
      if (id.isEmpty()) {
        v.add(new Violation(path + ".id", "required"));
      } else if (!ids.add(id)) {
        v.add(new Violation(path + ".id", "duplicate rule '" + id + "'"));
      }
      String queue = r.path("queue").asText("");
      if (!queueIds.contains(queue)) {
        v.add(new Violation(path + ".queue", "unknown queue '" + queue + "'"));
      }
      JsonNode when = r.path("when");
      unknownFields(v, when, WHEN, path + ".when.");
      Set<String> countries = new HashSet<>();
      when.path("country_in").forEach(c -> countries.add(c.asText().toUpperCase(java.util.Locale.ROOT)));
      if (countries.isEmpty()) {
        v.add(new Violation(path + ".when.country_in", "list at least one ISO country code"));
      }
      rules.add(new Rule(id, r.path("priority").asInt(100 + i), countries, queue));
    }
    shadowed(v, rules);
    return rules;
  }

  /** A rule whose countries are all taken by a rule evaluated before it can never fire: almost always a mistake. */
  private static void shadowed(List<Violation> v, List<Rule> rules) {
    List<Rule> ordered = rules.stream().sorted(java.util.Comparator.comparingInt(Rule::priority)).toList();
    for (int i = 0; i < ordered.size(); i++) {
      Rule later = ordered.get(i);
      for (int j = 0; j < i; j++) {
        Rule earlier = ordered.get(j);
        if (!later.countries().isEmpty() && earlier.countries().containsAll(later.countries())) {
          v.add(new Violation("rules[" + later.id() + "]", "never matches: rule '" + earlier.id()
              + "' is evaluated first and takes all of " + new java.util.TreeSet<>(later.countries())));
          break;
        }
      }
    }
  }

  private static void unknownFields(List<Violation> v, JsonNode node, Set<String> allowed, String prefix) {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        v.add(new Violation(prefix + name, "unknown field; expected one of " + new java.util.TreeSet<>(allowed)));
      }
    }
  }
}
