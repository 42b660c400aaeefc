package dev.leadrouter.notify.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per endpoint key (a Slack webhook, a Slack channel, a Twilio sender
 * number, a CRM URL), created on first use.
 *
 * <p>Limits are per replica: with N notify replicas an endpoint sees up to N times the rate.
 * Providers' own 429s (with Retry-After) cover the rest; a shared limit would need a round trip to
 * PostgreSQL per message. The map is bounded (least recently used keys are dropped) because keys
 * include per-rep channels.
 */
public final class RateLimiter {
  private static final int MAX_KEYS = 10_000;

  private final LongSupplier nanoClock;
  private final Map<String, TokenBucket> buckets =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
          return size() > MAX_KEYS;
        }
      };

  public RateLimiter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public static RateLimiter system() {
    return new RateLimiter(System::nanoTime);
  }

  /**
   * The wait before calling {@code key} now, reserved; null when it exceeds {@code maxWait}
   * (nothing reserved).
   */
  public synchronized Duration tryReserve(String key, RateLimit limit, Duration maxWait) {
    if (limit.unlimited()) {
      return Duration.ZERO;
    }
    return buckets
        .computeIfAbsent(key, k -> new TokenBucket(limit.perSecond(), limit.burst(), nanoClock))
        .tryReserve(maxWait);
  }
}
