package dev.leadrouter.notify.delivery;

import dev.leadrouter.notify.ratelimit.RateLimit;
import io.vertx.core.Future;
import java.util.Optional;

/** Sends one channel's messages: renders them, talks to the provider, classifies its answers. */
public interface ChannelSender {
  /** Where a message goes, for rate limiting; the key must hold no secret. */
  record Endpoint(String key, RateLimit limit) {}

  /** Completes once the provider accepted the message; fails with {@link SendFailure}. */
  Future<SendReceipt> send(Outgoing message);

  Endpoint endpointOf(Outgoing message);

  /**
   * For providers that take no idempotency key (SMS): whether an earlier attempt whose outcome was
   * unknown was in fact accepted. Fails with {@link SendFailure} when that cannot be found out.
   * Channels that need no such check return empty.
   */
  default Future<Optional<SendReceipt>> findAccepted(Outgoing message) {
    return Future.succeededFuture(Optional.empty());
  }
}
