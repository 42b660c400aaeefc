package dev.leadrouter.sla.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leadrouter.sla.clock.SlaPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads SLA policies from YAML ({@code SLA_POLICIES_FILE}). Every problem is reported with its
 * path, all at once, so an operator fixes the file in one go:
 *
 * <pre>
 * policies:
 *   - id: demo-requests            # recorded on every clock; unique
 *     match:                       # all conditions that are set must hold; omit for "every lead"
 *       queue_ids: [north-america]
 *       segments: [enterprise]
 *       source_channels: [WEB_FORM]   # leadrouter.v1.SourceChannel without prefix
 *       source_ids: [pricing-page]
 *       product_interests: [demo]     # any of them
 *       min_score: 50                 # inclusive
 *       max_score: 100
 *     target: 5m                   # first-touch target (working time when business_hours)
 *     warn_at: 60%                 # share of the target; or warn_before: 2m; omit for no warning
 *     alert_manager: true          # alert the owner's manager at breach (default true)
 *     escalate_after: 0s           # ... this long after the deadline (default 0s)
 *     reassign_after: 15m          # reassign this long after the deadline; omit to never reassign
 *     business_hours: false        # only count the owner's working hours (default false)
 * </pre>
 *
 * <p>Leads no policy matches get the built-in policy from the SLA_* settings.
 */
public final class PolicyFile {
  private static final Set<String> POLICY_KEYS =
      Set.of(
          "id",
          "match",
          "target",
          "warn_at",
          "warn_before",
          "alert_manager",
          "escalate_after",
          "reassign_after",
          "business_hours");
  private static final Set<String> MATCH_KEYS =
      Set.of(
          "queue_ids",
          "segments",
          "source_channels",
          "source_ids",
          "product_interests",
          "min_score",
          "max_score");

  private PolicyFile() {}

  /**
   * Parses a policy file written in YAML.
   *
   * @throws IllegalArgumentException listing every problem when the text is not a valid policy file
   */
  public static PolicyBook parse(String yaml, SlaPolicy fallback) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid YAML: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    List<PolicyRule> rules = new ArrayList<>();
    JsonNode list = root == null ? null : root.get("policies");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("policies: must be a list");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "policies[" + i + "]";
      PolicyRule rule = rule(list.get(i), path, problems);
      String id = list.get(i).path("id").asText("");
      if (!id.isEmpty() && !ids.add(id)) {
        problems.add(path + ".id: " + id + " is used twice");
      } else if (rule != null) {
        rules.add(rule);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new PolicyBook(rules, fallback);
  }

  private static PolicyRule rule(JsonNode node, String path, List<String> problems) {
    if (node == null || !node.isObject()) {
      problems.add(path + ": must be a mapping");
      return null;
    }
    int before = problems.size();
    unknownKeys(node, POLICY_KEYS, path, problems);
    String id = text(node, "id", path, problems);
    if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
      problems.add(path + ".id: is required, 1-64 characters of [A-Za-z0-9_.-]");
    }
    Duration target = duration(node, "target", path, problems);
    if (target == null) {
      problems.add(path + ".target: is required");
    }
    Duration warnBefore = warnBefore(node, target, path, problems);
    boolean alertManager = bool(node, "alert_manager", true, path, problems);
    Duration escalateAfter = duration(node, "escalate_after", path, problems);
    Duration reassignAfter = duration(node, "reassign_after", path, problems);
    boolean businessHours = bool(node, "business_hours", false, path, problems);
    PolicyMatch match = match(node.get("match"), path + ".match", problems);
    if (problems.size() > before) {
      return null;
    }
    try {
      return new PolicyRule(
          match,
          new SlaPolicy(
              id,
              target,
              warnBefore,
              escalateAfter == null ? Duration.ZERO : escalateAfter,
              alertManager,
              reassignAfter,
              businessHours));
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
      return null;
    }
  }

  private static Duration warnBefore(
      JsonNode node, Duration target, String path, List<String> problems) {
    if (node.has("warn_at") && node.has("warn_before")) {
      problems.add(path + ": set warn_at or warn_before, not both");
      return Duration.ZERO;
    }
    if (node.has("warn_before")) {
      Duration d = duration(node, "warn_before", path, problems);
      return d == null ? Duration.ZERO : d;
    }
    if (!node.has("warn_at")) {
      return Duration.ZERO;
    }
    String share = node.get("warn_at").asText().trim();
    try {
      BigDecimal fraction =
          share.endsWith("%")
              ? new BigDecimal(share.substring(0, share.length() - 1).trim()).movePointLeft(2)
              : new BigDecimal(share);
      if (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) >= 0) {
        problems.add(path + ".warn_at: must be a share between 0% and 100% (exclusive), e.g. 60%");
        return Duration.ZERO;
      }
      if (target == null) {
        return Duration.ZERO;
      }
      long warnAtMillis = fraction.multiply(BigDecimal.valueOf(target.toMillis())).longValue();
      return target.minusMillis(warnAtMillis);
    } catch (NumberFormatException e) {
      problems.add(path + ".warn_at: must be a share such as 60% or 0.6");
      return Duration.ZERO;
    }
  }

  private static PolicyMatch match(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      return PolicyMatch.any();
    }
    if (!node.isObject()) {
      problems.add(path + ": must be a mapping");
      return PolicyMatch.any();
    }
    unknownKeys(node, MATCH_KEYS, path, problems);
    Set<String> channels = new LinkedHashSet<>();
    for (String c : strings(node, "source_channels", path, problems)) {
      String name = c.toUpperCase(Locale.ROOT).replaceFirst("^SOURCE_CHANNEL_", "");
      channels.add(name);
    }
    return new PolicyMatch(
        strings(node, "queue_ids", path, problems),
        strings(node, "segments", path, problems),
        channels,
        strings(node, "source_ids", path, problems),
        strings(node, "product_interests", path, problems),
        integer(node, "min_score", path, problems),
        integer(node, "max_score", path, problems));
  }

  private static void unknownKeys(
      JsonNode node, Set<String> known, String path, List<String> problems) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        problems.add(path + "." + key + ": is not a known setting");
      }
    }
  }

  private static String text(JsonNode node, String key, String path, List<String> problems) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      problems.add(path + "." + key + ": must be a single value");
      return null;
    }
    return v.asText().trim();
  }

  private static boolean bool(
      JsonNode node, String key, boolean dflt, String path, List<String> problems) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      problems.add(path + "." + key + ": must be true or false");
      return dflt;
    }
    return v.booleanValue();
  }

  private static Integer integer(JsonNode node, String key, String path, List<String> problems) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      problems.add(path + "." + key + ": must be a whole number");
      return null;
    }
    return v.intValue();
  }

  private static Set<String> strings(
      JsonNode node, String key, String path, List<String> problems) {
    JsonNode v = node.get(key);
    Set<String> out = new LinkedHashSet<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isValueNode()) {
      out.add(v.asText().trim());
      return out;
    }
    if (!v.isArray()) {
      problems.add(path + "." + key + ": must be a list");
      return out;
    }
    for (JsonNode item : v) {
      if (!item.isValueNode() || item.asText().isBlank()) {
        problems.add(path + "." + key + ": items must be non-empty values");
      } else {
        out.add(item.asText().trim());
      }
    }
    return out;
  }

  private static Duration duration(JsonNode node, String key, String path, List<String> problems) {
    String v = text(node, key, path, problems);
    if (v == null) {
      return null;
    }
    try {
      return parseDuration(v);
    } catch (RuntimeException e) {
      problems.add(path + "." + key + ": must be a duration like 30s, 5m, 4h or PT4H");
      return null;
    }
  }

  /** The SLA_* settings' duration format: ISO-8601 or a number with ms, s, m, h or d. */
  static Duration parseDuration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("p")) {
      return Duration.parse(s.toUpperCase(Locale.ROOT));
    }
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    Duration d =
        switch (s.charAt(s.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          case 'd' -> Duration.ofDays(n);
          default -> throw new IllegalArgumentException(v);
        };
    if (d.isNegative()) {
      throw new IllegalArgumentException(v);
    }
    return d;
  }
}
