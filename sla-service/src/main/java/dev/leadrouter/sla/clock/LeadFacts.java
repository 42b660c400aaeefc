package dev.leadrouter.sla.clock;

import java.util.List;

/**
 * What SLA policy rules look at: the assignment's queue and segment and a few lead fields.
 *
 * @param sourceChannel the lead's source channel without prefix, e.g. "WEB_FORM"; null when unknown
 * @param score the lead's score; 0 when unscored
 */
public record LeadFacts(
    String queueId,
    String segment,
    String sourceChannel,
    String sourceId,
    List<String> productInterests,
    int score) {
  public LeadFacts {
    productInterests = productInterests == null ? List.of() : List.copyOf(productInterests);
  }
}
