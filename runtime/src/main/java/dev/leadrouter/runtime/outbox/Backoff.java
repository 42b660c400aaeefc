package dev.leadrouter.runtime.outbox;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random.
 *
 * <p>Jitter spreads retries of many rows (and many replicas) that failed together, so a downstream
 * service coming back is not hit by a synchronized wave.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max");
    }
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), Math::random);
  }

  /** Delay before the next try, after {@code attempts} failed tries (1 = first failure). */
  public Duration delayAfter(int attempts) {
    int exponent = Math.max(0, Math.min(attempts - 1, 30));
    long ceiling = Math.min(max.toMillis(), initial.toMillis() << Math.min(exponent, 20));
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
  }
}
