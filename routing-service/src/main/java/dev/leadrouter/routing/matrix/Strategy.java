package dev.leadrouter.routing.matrix;

import java.util.Arrays;
import java.util.Optional;

/** How a queue hands its leads out; the implementations live in the distribution package. */
public enum Strategy {
  /** Members take turns, one shared turn counter per queue. */
  ROUND_ROBIN("round_robin"),
  /** Smooth weighted round robin: each member's share follows its weight over any window. */
  WEIGHTED("weighted"),
  /** The eligible member with the fewest open (untouched) leads. */
  LOAD_BALANCED("load_balanced"),
  /** Always the queue's owner rep. */
  NAMED_OWNER("named_owner"),
  /** The owner of the lead's matched account (lead.account_owner_rep_id). */
  ACCOUNT_OWNER("account_owner");

  private final String key;

  Strategy(String key) {
    this.key = key;
  }

  /** The name used in matrix documents and traces. */
  public String key() {
    return key;
  }

  public static Optional<Strategy> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }

  /**
   * Strategies whose candidates are the members listed in the matrix (the owner ones pick
   * dynamically).
   */
  public boolean usesMembers() {
    return this == ROUND_ROBIN || this == WEIGHTED || this == LOAD_BALANCED;
  }
}
