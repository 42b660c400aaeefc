package dev.leadrouter.notify.delivery;

import dev.leadrouter.notify.ratelimit.RateLimit;
import io.vertx.core.Future;
import java.util.Optional;

/** Sends one channel's messages: renders them, talks to the provider, classifies its answers. */
public interface ChannelSender {
  /**
   * Where a message goes.
   *
   * @param key the rate limit's key; must hold no secret
   * @param credential which of our credentials the message is sent with ({@code smtp}, {@code
   *     slack-bot}, {@code twilio}...): what is paused when the provider refuses it; null when the
   *     credential is the recipient's own (a rep's Slack webhook), whose refusal fails only that
   *     message
   */
  record Endpoint(String key, RateLimit limit, String credential) {}

  /** Completes once the provider accepted the message; fails with {@link SendFailure}. */
  Future<SendReceipt> send(Outgoing message);

  /**
   * Where this message goes; by default {@link #endpointOfAll}. A sender whose endpoint depends on
   * the message overrides this one and leaves {@link #endpointOfAll} empty.
   */
  default Endpoint endpointOf(Outgoing message) {
    return endpointOfAll().orElseThrow();
  }

  /**
   * The endpoint of every message, when it does not depend on the message (one SMTP server, one SMS
   * sender, one webhook URL): the delivery then starts its attempt in the same statement that reads
   * it, unless the channel is paused or rate-limited. Empty when it depends on the message.
   */
  default Optional<Endpoint> endpointOfAll() {
    return Optional.empty();
  }

  /**
   * For providers that take no idempotency key (SMS): whether an earlier attempt whose outcome was
   * unknown was in fact accepted. Fails with {@link SendFailure} when that cannot be found out.
   * Channels that need no such check return empty.
   */
  default Future<Optional<SendReceipt>> findAccepted(Outgoing message) {
    return Future.succeededFuture(Optional.empty());
  }
}
