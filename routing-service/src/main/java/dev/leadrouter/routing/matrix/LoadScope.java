package dev.leadrouter.routing.matrix;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which open leads a {@code load_balanced} queue compares its members by ({@code load_scope} in the
 * matrix).
 */
public enum LoadScope {
  /**
   * Open leads in every queue (the default): evens out each rep's total work, so a rep shared with
   * a busy queue gets fewer leads here.
   */
  ALL_QUEUES("all_queues"),
  /**
   * Open leads from this queue only: evens out this queue's leads among its members, whatever else
   * they hold.
   */
  QUEUE("queue");

  private final String key;

  LoadScope(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Optional<LoadScope> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
