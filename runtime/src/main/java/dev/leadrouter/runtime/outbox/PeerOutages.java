package dev.leadrouter.runtime.outbox;

import java.net.ConnectException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which outbox topics' receivers refuse connections right now, so a relay says so once per outage
 * instead of once per message and retry. A peer that is simply not listening yet (starting after
 * us, restarting, being deployed) is the normal case at start and in rollouts; hundreds of
 * identical lines teach operators to skip the log. Other failures are about one message and stay
 * per message.
 */
final class PeerOutages {
  /** How many deliveries of a topic failed to connect since it last worked. */
  private final Map<String, Integer> failures = new HashMap<>();

  /** True when the failure is a refused or failed connection: the peer is not there. */
  static boolean unreachable(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Counts a delivery of the topic that could not connect; true for the first of an outage (the one
   * worth an INFO line).
   */
  boolean failed(String topic) {
    return failures.merge(topic, 1, Integer::sum) == 1;
  }

  /**
   * A delivery of the topic worked: the failed attempts of the outage it ends (0 when there was
   * none).
   */
  int recovered(String topic) {
    Integer n = failures.remove(topic);
    return n == null ? 0 : n;
  }
}
