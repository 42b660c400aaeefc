package dev.leadrouter.notify.delivery;

import dev.leadrouter.v1.Channel;
import java.util.Optional;

/**
 * Outbox topics the sender of each channel listens on; the message key is the delivery id.
 *
 * <p>A channel's topic is always {@code "notify." + lower(stored channel)}: the repository relies on
 * that to join a delivery to its outbox row in SQL.
 */
public final class DeliveryTopics {
  public static final String EMAIL = "notify.email";

  private DeliveryTopics() {}

  /** The topic of a channel that has a sender in this deployment, empty for channels not implemented yet. */
  public static Optional<String> forChannel(Channel channel) {
    return channel == Channel.CHANNEL_EMAIL ? Optional.of(EMAIL) : Optional.empty();
  }
}
