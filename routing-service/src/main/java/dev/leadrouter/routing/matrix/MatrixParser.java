package dev.leadrouter.routing.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leadrouter.routing.rules.ConditionLanguage;
import dev.leadrouter.routing.rules.Territory;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a routing matrix document (YAML or JSON), compiles its CEL conditions and checks it
 * completely, reporting every problem with its path rather than stopping at the first.
 *
 * <pre>
 * territories:
 *   north-america: { countries: [US, CA] }
 *   bay-area: { postal_prefixes: ["US:94", "US:95"] }
 * scoring:                      # gives `score`
 *   - id: enterprise
 *     when: lead.company.employee_count >= 1000
 *     points: 40
 * queues:
 *   - id: na
 *     strategy: round_robin     # weighted | load_balanced | named_owner | account_owner
 *     members: [alice, bob]     # weighted: [{rep: alice, weight: 3}, {rep: bob, weight: 1}]
 *     requires: { languages: [en], products: [analytics], skills: [] }
 *     backup_queue: catch-all
 *   - id: catch-all
 *     members: [sam]
 * rules:
 *   - id: na-enterprise
 *     priority: 10
 *     when: in_territory(lead, 'north-america') &amp;&amp; score >= 40
 *     queue: na
 * catch_all_queue: catch-all
 * </pre>
 */
public final class MatrixParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP =
      Set.of("catch_all_queue", "queues", "rules", "territories", "scoring", "description");
  private static final Set<String> TERRITORY =
      Set.of("countries", "regions", "postal_prefixes", "description");
  private static final Set<String> SCORING = Set.of("id", "when", "points", "description");
  private static final Set<String> QUEUE =
      Set.of(
          "id",
          "strategy",
          "members",
          "requires",
          "owner",
          "backup_queue",
          "load_scope",
          "description");
  private static final Set<String> MEMBER = Set.of("rep", "weight");
  private static final Set<String> REQUIRES = Set.of("languages", "products", "skills");
  private static final Set<String> RULE = Set.of("id", "priority", "when", "queue", "description");
  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");
  private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
  private static final Pattern REGION = Pattern.compile("^[A-Z]{2}-[A-Z0-9]{1,3}$");
  private static final Pattern POSTAL = Pattern.compile("^([A-Z]{2}):([A-Z0-9-]{1,10})$");
  private static final int MAX_WEIGHT = 1000;

  /**
   * Parses and validates a matrix written in YAML or JSON.
   *
   * @param knownReps rep ids that exist; members and owners outside it are reported
   * @throws InvalidInputException listing every problem found
   */
  public RoutingMatrix parse(String source, boolean json, Set<String> knownReps) {
    JsonNode root;
    try {
      root = (json ? JSON : YAML).readTree(source);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "source", "not readable " + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(
          "source", "the matrix must be a mapping with queues and rules");
    }
    List<Violation> v = new ArrayList<>();
    unknownFields(v, root, TOP, "");
    Map<String, Territory> territories = territories(v, root.path("territories"));
    ConditionLanguage language = new ConditionLanguage(territories);
    List<ScoringRule> scoring = scoring(v, root.path("scoring"), language);
    Map<String, Integer> queueIndex = new LinkedHashMap<>();
    Map<String, Queue> queues = queues(v, root.path("queues"), knownReps, queueIndex);
    Map<Rule, Integer> ruleIndex = new java.util.IdentityHashMap<>();
    List<Rule> rules = rules(v, root.path("rules"), queues.keySet(), language, ruleIndex);
    String catchAll = root.path("catch_all_queue").asText("");
    if (catchAll.isEmpty()) {
      v.add(
          new Violation(
              "catch_all_queue", "required: the queue that takes every lead no rule matched"));
    } else if (!queues.containsKey(catchAll)) {
      v.add(new Violation("catch_all_queue", "unknown queue '" + catchAll + "'"));
    }
    queues
        .values()
        .forEach(
            q -> {
              if (q.backupQueue() != null && !queues.containsKey(q.backupQueue())) {
                v.add(
                    new Violation(
                        "queues[" + queueIndex.get(q.id()) + "].backup_queue",
                        "unknown queue '" + q.backupQueue() + "'"));
              }
            });
    // Positions in the document, not among the rules that compiled: those are what the user sees.
    new ShadowedRules(territories).check(rules, ruleIndex::get, v);
    if (!v.isEmpty()) {
      throw new InvalidInputException(v);
    }
    return new RoutingMatrix(0, rules, queues, catchAll, territories, scoring);
  }

  private static Map<String, Territory> territories(List<Violation> v, JsonNode node) {
    Map<String, Territory> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      v.add(
          new Violation(
              "territories",
              "must be a mapping of territory name to its countries, regions and postal prefixes"));
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      String path = "territories." + e.getKey();
      if (!NAME.matcher(e.getKey()).matches()) {
        v.add(
            new Violation(
                path, "territory names are 1 to 64 lower-case letters, digits, '_' or '-'"));
      }
      JsonNode t = e.getValue();
      if (!t.isObject()) {
        v.add(new Violation(path, "must be a mapping with countries, regions or postal_prefixes"));
        continue;
      }
      unknownFields(v, t, TERRITORY, path + ".");
      Set<String> countries =
          codes(
              v,
              t.path("countries"),
              path + ".countries",
              COUNTRY,
              "an ISO 3166-1 alpha-2 country code like US");
      Set<String> regions =
          codes(
              v,
              t.path("regions"),
              path + ".regions",
              REGION,
              "an ISO 3166-2 subdivision code like US-CA");
      List<Territory.PostalPrefix> prefixes = new ArrayList<>();
      for (String p :
          codes(
              v,
              t.path("postal_prefixes"),
              path + ".postal_prefixes",
              POSTAL,
              "a country code and postal prefix like US:94")) {
        var m = POSTAL.matcher(p);
        if (m.matches()) {
          prefixes.add(new Territory.PostalPrefix(m.group(1), m.group(2)));
        }
      }
      if (countries.isEmpty() && regions.isEmpty() && prefixes.isEmpty()) {
        v.add(
            new Violation(
                path,
                "territory '" + e.getKey() + "' names no countries, regions or postal prefixes"));
      }
      out.put(e.getKey(), new Territory(e.getKey(), countries, regions, prefixes));
    }
    return out;
  }

  private static Set<String> codes(
      List<Violation> v, JsonNode list, String path, Pattern pattern, String expected) {
    Set<String> out = new java.util.LinkedHashSet<>();
    if (list.isMissingNode()) {
      return out;
    }
    if (!list.isArray()) {
      v.add(new Violation(path, "must be a list"));
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).isBoolean()) {
        v.add(
            new Violation(
                path + "[" + i + "]",
                "'"
                    + list.get(i).asText()
                    + "' is not "
                    + expected
                    + " (YAML reads unquoted NO, YES, ON, OFF as true/false: quote the code, e.g. \"NO\")"));
        continue;
      }
      String code = list.get(i).asText("").toUpperCase(Locale.ROOT).trim();
      if (!list.get(i).isTextual() || !pattern.matcher(code).matches()) {
        v.add(
            new Violation(
                path + "[" + i + "]", "'" + list.get(i).asText() + "' is not " + expected));
      } else {
        out.add(code);
      }
    }
    return out;
  }

  private static List<ScoringRule> scoring(
      List<Violation> v, JsonNode node, ConditionLanguage language) {
    List<ScoringRule> out = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      v.add(new Violation("scoring", "must be a list of {id, when, points}"));
      return out;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode s = node.get(i);
      String path = "scoring[" + i + "]";
      unknownFields(v, s, SCORING, path + ".");
      String id = uniqueId(v, s, path, ids, "scoring rule");
      Integer points = integer(v, s.path("points"), path + ".points", true);
      var when = condition(v, s.path("when"), path + ".when", language, false);
      if (points != null && when != null) {
        out.add(new ScoringRule(id, when, points));
      }
    }
    return out;
  }

  private static Map<String, Queue> queues(
      List<Violation> v, JsonNode node, Set<String> knownReps, Map<String, Integer> index) {
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
      String strategyKey = q.path("strategy").asText("round_robin");
      Strategy strategy = Strategy.byKey(strategyKey).orElse(null);
      if (strategy == null) {
        v.add(
            new Violation(
                path + ".strategy",
                "unknown strategy '"
                    + strategyKey
                    + "'; known: "
                    + java.util.Arrays.stream(Strategy.values()).map(Strategy::key).toList()));
        strategy = Strategy.ROUND_ROBIN;
      }
      List<String> members = new ArrayList<>();
      Map<String, Integer> weights = new LinkedHashMap<>();
      members(v, q.path("members"), path, id, strategy, knownReps, members, weights);
      String owner = q.path("owner").asText("");
      if (strategy == Strategy.NAMED_OWNER && owner.isEmpty()) {
        v.add(new Violation(path + ".owner", "a named_owner queue needs the owner rep"));
      } else if (!owner.isEmpty() && strategy != Strategy.NAMED_OWNER) {
        v.add(new Violation(path + ".owner", "only named_owner queues have an owner"));
      } else if (!owner.isEmpty() && !knownReps.contains(owner)) {
        v.add(new Violation(path + ".owner", "unknown rep '" + owner + "'"));
      }
      String backup = q.path("backup_queue").asText("");
      if (strategy == Strategy.ACCOUNT_OWNER && backup.isEmpty()) {
        v.add(
            new Violation(
                path + ".backup_queue",
                "an account_owner queue needs a backup_queue for leads with no "
                    + "(available) account owner"));
      }
      RequiredSkills required = required(v, q.path("requires"), path + ".requires");
      LoadScope loadScope = loadScope(v, q.path("load_scope"), path + ".load_scope", strategy);
      index.putIfAbsent(id, i);
      queues.putIfAbsent(
          id,
          new Queue(
              id,
              strategy,
              members,
              weights,
              required,
              owner.isEmpty() ? null : owner,
              backup.isEmpty() ? null : backup,
              loadScope));
    }
    return queues;
  }

  private static LoadScope loadScope(
      List<Violation> v, JsonNode node, String path, Strategy strategy) {
    if (node.isMissingNode()) {
      return LoadScope.ALL_QUEUES;
    }
    if (strategy != Strategy.LOAD_BALANCED) {
      v.add(new Violation(path, "only load_balanced queues have a load_scope"));
      return LoadScope.ALL_QUEUES;
    }
    return LoadScope.byKey(node.asText(""))
        .orElseGet(
            () -> {
              v.add(
                  new Violation(
                      path,
                      "unknown load_scope '"
                          + node.asText()
                          + "'; known: [queue, all_queues] (default all_queues)"));
              return LoadScope.ALL_QUEUES;
            });
  }

  private static void members(
      List<Violation> v,
      JsonNode m,
      String path,
      String id,
      Strategy strategy,
      Set<String> knownReps,
      List<String> members,
      Map<String, Integer> weights) {
    if (!strategy.usesMembers()) {
      if (!m.isMissingNode()) {
        v.add(
            new Violation(
                path + ".members",
                strategy.key() + " queues pick their rep themselves; remove members"));
      }
      return;
    }
    if (!m.isArray() || m.isEmpty()) {
      v.add(new Violation(path + ".members", "queue '" + id + "' has no members"));
      return;
    }
    for (int j = 0; j < m.size(); j++) {
      JsonNode entry = m.get(j);
      String at = path + ".members[" + j + "]";
      String rep;
      int weight = 1;
      if (entry.isObject()) {
        unknownFields(v, entry, MEMBER, at + ".");
        rep = entry.path("rep").asText("");
        if (!entry.path("weight").isMissingNode()) {
          Integer w = integer(v, entry.path("weight"), at + ".weight", true);
          if (w != null && (w < 1 || w > MAX_WEIGHT)) {
            v.add(new Violation(at + ".weight", "between 1 and " + MAX_WEIGHT));
          } else if (w != null) {
            weight = w;
          }
          if (strategy != Strategy.WEIGHTED) {
            v.add(new Violation(at + ".weight", "weights only apply to weighted queues"));
          }
        }
      } else {
        rep = entry.asText("");
      }
      if (!knownReps.contains(rep)) {
        v.add(new Violation(at, "unknown rep '" + rep + "'"));
      } else if (members.contains(rep)) {
        v.add(new Violation(at, "rep '" + rep + "' listed twice"));
      } else {
        members.add(rep);
        weights.put(rep, weight);
      }
    }
  }

  private static RequiredSkills required(List<Violation> v, JsonNode node, String path) {
    if (node.isMissingNode()) {
      return RequiredSkills.NONE;
    }
    if (!node.isObject()) {
      v.add(new Violation(path, "must be a mapping with languages, products or skills"));
      return RequiredSkills.NONE;
    }
    unknownFields(v, node, REQUIRES, path + ".");
    return new RequiredSkills(
        strings(v, node.path("languages"), path + ".languages", true),
        strings(v, node.path("products"), path + ".products", false),
        strings(v, node.path("skills"), path + ".skills", false));
  }

  private static Set<String> strings(
      List<Violation> v, JsonNode list, String path, boolean lowerCase) {
    Set<String> out = new java.util.LinkedHashSet<>();
    if (list.isMissingNode()) {
      return out;
    }
    if (!list.isArray()) {
      v.add(new Violation(path, "must be a list"));
      return out;
    }
    list.forEach(x -> out.add(lowerCase ? x.asText().toLowerCase(Locale.ROOT) : x.asText()));
    return out;
  }

  /** The entry's id; a missing or repeated one is reported at {@code <path>.id}. */
  private static String uniqueId(
      List<Violation> v, JsonNode entry, String path, Set<String> seen, String what) {
    String id = entry.path("id").asText("");
    if (id.isEmpty()) {
      v.add(new Violation(path + ".id", "required"));
    } else if (!seen.add(id)) {
      v.add(new Violation(path + ".id", "duplicate " + what + " '" + id + "'"));
    }
    return id;
  }

  private static List<Rule> rules(
      List<Violation> v,
      JsonNode node,
      Set<String> queueIds,
      ConditionLanguage language,
      Map<Rule, Integer> documentIndex) {
    List<Rule> rules = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
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
      String id = uniqueId(v, r, path, ids, "rule");
      Integer priority =
          r.path("priority").isMissingNode()
              ? Integer.valueOf(100 + i)
              : integer(v, r.path("priority"), path + ".priority", false);
      String queue = r.path("queue").asText("");
      if (!queueIds.contains(queue)) {
        v.add(
            new Violation(
                path + ".queue", queue.isEmpty() ? "required" : "unknown queue '" + queue + "'"));
      }
      var when = condition(v, r.path("when"), path + ".when", language, true);
      if (when != null && priority != null) {
        Rule rule = new Rule(id, priority, when, queue);
        rules.add(rule);
        documentIndex.put(rule, i);
      }
    }
    return rules;
  }

  private static dev.leadrouter.routing.rules.Condition condition(
      List<Violation> v,
      JsonNode node,
      String path,
      ConditionLanguage language,
      boolean scoreVisible) {
    if (!node.isTextual() && !node.isBoolean()) {
      v.add(
          new Violation(
              path,
              node.isMissingNode()
                  ? "required: a CEL expression over lead, e.g. "
                      + "lead.location.country_code in ['US', 'CA']"
                  : "must be a CEL expression (a string)"));
      return null;
    }
    var compiled = language.compile(node.asText(), scoreVisible);
    if (!compiled.ok()) {
      compiled.errors().forEach(e -> v.add(new Violation(path, "does not compile: " + e)));
      return null;
    }
    return compiled.condition();
  }

  /** Integers only: "high", 10.7 or [1] are reported, never silently replaced or truncated. */
  private static Integer integer(List<Violation> v, JsonNode node, String path, boolean required) {
    if (node.isMissingNode() && !required) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      v.add(
          new Violation(
              path,
              node.isMissingNode()
                  ? "required: a whole number"
                  : "must be a whole number, got " + node));
      return null;
    }
    return node.intValue();
  }

  private static void unknownFields(
      List<Violation> v, JsonNode node, Set<String> allowed, String prefix) {
    if (!node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        v.add(
            new Violation(
                prefix + name, "unknown field; expected one of " + new TreeSet<>(allowed)));
      }
    }
  }
}
