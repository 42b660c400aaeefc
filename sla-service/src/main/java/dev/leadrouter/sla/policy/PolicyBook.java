package dev.leadrouter.sla.policy;

import dev.leadrouter.sla.clock.LeadFacts;
import dev.leadrouter.sla.clock.SlaPolicy;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The configured policies, tried in file order; the first whose rule matches wins, else the
 * fallback.
 */
public final class PolicyBook {
  private final List<PolicyRule> rules;
  private final SlaPolicy fallback;

  public PolicyBook(List<PolicyRule> rules, SlaPolicy fallback) {
    this.rules = List.copyOf(rules);
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    Set<String> ids = new HashSet<>();
    for (PolicyRule rule : rules) {
      if (!ids.add(rule.policy().policyId())) {
        throw new IllegalArgumentException(
            "policy id " + rule.policy().policyId() + " is used twice");
      }
    }
  }

  /** Only the fallback policy. */
  public static PolicyBook of(SlaPolicy fallback) {
    return new PolicyBook(List.of(), fallback);
  }

  public SlaPolicy choose(LeadFacts lead) {
    for (PolicyRule rule : rules) {
      if (rule.match().matches(lead)) {
        return rule.policy();
      }
    }
    return fallback;
  }

  public List<PolicyRule> rules() {
    return rules;
  }

  public SlaPolicy fallback() {
    return fallback;
  }
}
