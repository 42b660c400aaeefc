package dev.leadrouter.runtime.auth;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signatures of signed webhooks accepted within their replay window, so the same signed request
 * is accepted once: a replay of it unchanged (same timestamp, same signature) is refused until the
 * window has passed, after which the timestamp check refuses it anyway.
 *
 * <p>Kept in memory per process, bounded by {@code capacity}: entries leave when their window has
 * passed, and under a flood the oldest leave first. A request that failed after it was verified is
 * {@link #forget forgotten}, so the sender's retry of it is not mistaken for a replay.
 */
public final class SeenSignatures {
  private final int capacity;
  private final Clock clock;
  private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();

  public SeenSignatures(int capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Records a signature until {@code expiresAtEpochSecond}; false when it is already there. */
  public synchronized boolean firstTime(String signature, long expiresAtEpochSecond) {
    long now = clock.instant().getEpochSecond();
    Iterator<Map.Entry<String, Long>> oldest = expiries.entrySet().iterator();
    while (oldest.hasNext()) {
      Map.Entry<String, Long> e = oldest.next();
      if (e.getValue() >= now && expiries.size() < capacity) {
        break;
      }
      oldest.remove();
    }
    Long known = expiries.get(signature);
    if (known != null && known >= now) {
      return false;
    }
    expiries.put(signature, expiresAtEpochSecond);
    return true;
  }

  public synchronized void forget(String signature) {
    expiries.remove(signature);
  }

  synchronized int size() {
    return expiries.size();
  }
}
