package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changes between two matrix documents, by element: rules, queues and scoring rules by their
 * id, territories by name, other top-level settings by key. Formatting, comments and order do not
 * count; a changed element is shown with each changed field.
 */
final class MatrixDiff {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> KEYED_LISTS = List.of("rules", "queues", "scoring");

  private MatrixDiff() {}

  /** Parses YAML or JSON (JSON is YAML); an empty text is an empty matrix. */
  static JsonNode parse(String source) throws IOException {
    if (source == null || source.isBlank()) {
      return YAML.createObjectNode();
    }
    JsonNode node = YAML.readTree(source);
    return node == null ? YAML.createObjectNode() : node;
  }

  /** One line per change: "+ rule x", "- queue y", "~ rule z: when: a -> b". */
  static List<String> between(JsonNode published, JsonNode proposed) {
    List<String> changes = new ArrayList<>();
    for (String list : KEYED_LISTS) {
      String kind = list.equals("scoring") ? "scoring rule" : list.substring(0, list.length() - 1);
      compare(kind, byId(published.path(list)), byId(proposed.path(list)), changes);
    }
    compare(
        "territory",
        fields(published.path("territories")),
        fields(proposed.path("territories")),
        changes);
    Map<String, JsonNode> otherOld = fields(published);
    Map<String, JsonNode> otherNew = fields(proposed);
    for (String k : List.of("rules", "queues", "scoring", "territories")) {
      otherOld.remove(k);
      otherNew.remove(k);
    }
    compare("setting", otherOld, otherNew, changes);
    return changes;
  }

  private static void compare(
      String kind, Map<String, JsonNode> before, Map<String, JsonNode> after, List<String> out) {
    for (var e : after.entrySet()) {
      JsonNode old = before.get(e.getKey());
      if (old == null) {
        out.add("+ " + kind + " " + e.getKey() + ": " + e.getValue());
      } else if (!old.equals(e.getValue())) {
        out.add("~ " + kind + " " + e.getKey() + ": " + fieldChanges(old, e.getValue()));
      }
    }
    for (var e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        out.add("- " + kind + " " + e.getKey());
      }
    }
  }

  private static String fieldChanges(JsonNode old, JsonNode now) {
    if (!old.isObject() || !now.isObject()) {
      return old + " -> " + now;
    }
    List<String> parts = new ArrayList<>();
    Map<String, JsonNode> a = fields(old);
    Map<String, JsonNode> b = fields(now);
    for (var e : b.entrySet()) {
      JsonNode was = a.getOrDefault(e.getKey(), MissingNode.getInstance());
      if (!was.equals(e.getValue())) {
        parts.add(
            e.getKey() + ": " + (was.isMissingNode() ? "(unset)" : was) + " -> " + e.getValue());
      }
    }
    for (String k : a.keySet()) {
      if (!b.containsKey(k)) {
        parts.add(k + ": " + a.get(k) + " -> (unset)");
      }
    }
    return String.join("; ", parts);
  }

  private static Map<String, JsonNode> byId(JsonNode list) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode item : list) {
      String id = item.path("id").asText("");
      out.put(id.isEmpty() ? "#" + i : id, item);
      i++;
    }
    return out;
  }

  private static Map<String, JsonNode> fields(JsonNode object) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      var e = it.next();
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}
