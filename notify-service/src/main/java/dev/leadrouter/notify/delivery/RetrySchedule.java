package dev.leadrouter.notify.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When a transiently failing delivery is tried again, and when it is given up.
 *
 * <p>The delay doubles from {@code initial} up to {@code maxInterval} (with "equal jitter": half
 * fixed, half random, so deliveries that failed together do not come back together), and attempts
 * go on until {@code horizon} after the first one: a provider outage or a credential rotation of a
 * few hours delays messages instead of dead-lettering them. The last delay is cut so that one
 * attempt falls on the horizon itself. {@code maxAttempts} (0 = none) can end it sooner.
 */
public record RetrySchedule(
    Duration initial,
    Duration maxInterval,
    Duration horizon,
    int maxAttempts,
    DoubleSupplier random) {

  public RetrySchedule {
    if (initial.isNegative() || initial.isZero() || maxInterval.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max interval");
    }
    if (horizon.compareTo(initial) < 0) {
      throw new IllegalArgumentException("the retry horizon must be at least the first delay");
    }
  }

  /**
   * The wait before the next attempt after {@code attempts} failed ones, or null when the delivery
   * should be dead-lettered now.
   */
  public Duration nextDelay(int attempts, Instant firstAttemptAt, Instant now) {
    if (maxAttempts > 0 && attempts >= maxAttempts) {
      return null;
    }
    Duration elapsed = Duration.between(firstAttemptAt == null ? now : firstAttemptAt, now);
    Duration left = horizon.minus(elapsed);
    if (left.isNegative() || left.isZero()) {
      return null;
    }
    int exponent = Math.max(0, Math.min(attempts - 1, 40));
    long ceiling =
        exponent >= 40 || initial.toMillis() > (maxInterval.toMillis() >> exponent)
            ? maxInterval.toMillis()
            : initial.toMillis() << exponent;
    long half = ceiling / 2;
    Duration delay = Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    return delay.compareTo(left) > 0 ? left : delay;
  }
}
