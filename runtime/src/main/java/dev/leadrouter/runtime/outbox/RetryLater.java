package dev.leadrouter.runtime.outbox;

import java.time.Duration;

/**
 * A handler's verdict that the message should be offered again after {@code delay} rather than
 * after the relay's own backoff: the receiver keeps its own retry schedule (notify's hours-long
 * horizon, a provider's Retry-After, a paused channel's next probe).
 */
public final class RetryLater extends RuntimeException {
  private final Duration delay;

  public RetryLater(String message, Duration delay) {
    super(message, null, false, false);
    this.delay = delay.isNegative() ? Duration.ZERO : delay;
  }

  public Duration delay() {
    return delay;
  }
}
