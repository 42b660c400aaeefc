package dev.leadrouter.notify.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that hands out reservations: {@code ratePerSecond} tokens refill continuously up
 * to {@code burst}. A caller asks for a token and learns how long to wait for it; a reservation is
 * only made when that wait is acceptable, so refused callers do not push everyone else back.
 *
 * <p>Not thread-safe by design: each replica's relay runs on one event loop; {@link RateLimiter}
 * guards it.
 */
public final class TokenBucket {
  private final double nanosPerToken;
  private final double burst;
  private final LongSupplier nanoClock;
  private double tokens;
  private long updatedAt;

  public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoClock) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("need rate > 0 and burst >= 1");
    }
    this.nanosPerToken = 1e9 / ratePerSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
    this.tokens = burst;
    this.updatedAt = nanoClock.getAsLong();
  }

  /**
   * Reserves the next token if it is available within {@code maxWait}.
   *
   * @return how long to wait before using the token, or null when it would take longer than {@code
   *     maxWait} (nothing is reserved then)
   */
  public Duration tryReserve(Duration maxWait) {
    refill();
    // Tokens may go negative: each negative token is a reservation further in the future.
    double waitNanos = tokens >= 1 ? 0 : (1 - tokens) * nanosPerToken;
    if (waitNanos > maxWait.toNanos()) {
      return null;
    }
    tokens -= 1;
    return Duration.ofNanos((long) Math.ceil(waitNanos));
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(burst, tokens + (now - updatedAt) / nanosPerToken);
    updatedAt = now;
  }
}
