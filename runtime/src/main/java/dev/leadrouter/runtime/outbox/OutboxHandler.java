package dev.leadrouter.runtime.outbox;

import io.vertx.core.Future;

/**
 * Makes the downstream call for one outbox message. Succeeds only when the receiver has durably
 * taken the message; fails with {@link PermanentFailure} when retrying cannot help, with anything
 * else to be retried after a backoff.
 */
@FunctionalInterface
public interface OutboxHandler {
  Future<Void> deliver(OutboxMessage message);
}
