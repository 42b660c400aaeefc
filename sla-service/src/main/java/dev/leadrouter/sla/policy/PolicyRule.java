package dev.leadrouter.sla.policy;

import dev.leadrouter.sla.clock.SlaPolicy;
import java.util.Objects;

/** A policy and the leads it applies to. */
public record PolicyRule(PolicyMatch match, SlaPolicy policy) {
  public PolicyRule {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(policy, "policy");
  }
}
