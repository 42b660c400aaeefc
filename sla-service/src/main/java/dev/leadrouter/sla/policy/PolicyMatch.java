package dev.leadrouter.sla.policy;

import dev.leadrouter.sla.clock.LeadFacts;
import java.util.List;
import java.util.Set;

/**
 * The conditions of one policy rule. Every condition that is set must hold; a list condition holds
 * when the lead's value is one of the listed ones (for product interests: when any interest is). A
 * rule with no conditions matches every lead.
 *
 * @param minScore inclusive lower score bound; null for none
 * @param maxScore inclusive upper score bound; null for none
 */
public record PolicyMatch(
    Set<String> queueIds,
    Set<String> segments,
    Set<String> sourceChannels,
    Set<String> sourceIds,
    Set<String> productInterests,
    Integer minScore,
    Integer maxScore) {
  public PolicyMatch {
    queueIds = Set.copyOf(queueIds);
    segments = Set.copyOf(segments);
    sourceChannels = Set.copyOf(sourceChannels);
    sourceIds = Set.copyOf(sourceIds);
    productInterests = Set.copyOf(productInterests);
  }

  public static PolicyMatch any() {
    return new PolicyMatch(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), null, null);
  }

  public boolean matches(LeadFacts lead) {
    return oneOf(queueIds, lead.queueId())
        && oneOf(segments, lead.segment())
        && oneOf(sourceChannels, lead.sourceChannel())
        && oneOf(sourceIds, lead.sourceId())
        && anyOf(productInterests, lead.productInterests())
        && (minScore == null || lead.score() >= minScore)
        && (maxScore == null || lead.score() <= maxScore);
  }

  private static boolean oneOf(Set<String> allowed, String value) {
    return allowed.isEmpty() || (value != null && allowed.contains(value));
  }

  private static boolean anyOf(Set<String> allowed, List<String> values) {
    return allowed.isEmpty() || values.stream().anyMatch(allowed::contains);
  }
}
