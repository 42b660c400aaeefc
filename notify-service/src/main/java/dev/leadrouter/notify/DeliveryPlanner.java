package dev.leadrouter.notify;

import dev.leadrouter.notify.delivery.DeliveryTopics;
import dev.leadrouter.notify.delivery.NewDelivery;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a valid NotifyRequest into one delivery per reachable (recipient, channel). */
final class DeliveryPlanner {
  /** Used when neither the request nor the recipient names channels. */
  static final List<Channel> DEFAULT_CHANNELS = List.of(Channel.CHANNEL_EMAIL);
  static final String CHANNEL_NOT_CONFIGURED = "channel not configured";

  private DeliveryPlanner() {}

  static List<NewDelivery> plan(NotifyRequest request) {
    List<NewDelivery> planned = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < request.getRecipientsCount(); i++) {
      Recipient r = request.getRecipients(i);
      for (Channel channel : channelsFor(request, r)) {
        String address = addressOf(r, channel);
        // No address for this channel: the contract says skip it, the other channels still go out.
        if (address == null) {
          continue;
        }
        // Two recipients with one address would hit the same idempotency key: one delivery is enough.
        if (!seen.add(channel + " " + address)) {
          continue;
        }
        RecipientRole role = r.getRole() == RecipientRole.RECIPIENT_ROLE_UNSPECIFIED
            ? RecipientRole.RECIPIENT_ROLE_OWNER : r.getRole();
        boolean sendable = DeliveryTopics.forChannel(channel).isPresent();
        planned.add(new NewDelivery(request, i, channel, address, role,
            sendable ? DeliveryStatus.DELIVERY_STATUS_PENDING : DeliveryStatus.DELIVERY_STATUS_FAILED,
            sendable ? null : CHANNEL_NOT_CONFIGURED));
      }
    }
    if (planned.isEmpty()) {
      // Storing nothing and answering OK would lose the notification without anyone noticing.
      throw new InvalidInputException("recipients", "no recipient has an address for any of the requested channels");
    }
    return planned;
  }

  private static Set<Channel> channelsFor(NotifyRequest request, Recipient r) {
    List<Channel> chosen = !request.getChannelsList().isEmpty() ? request.getChannelsList()
        : !r.getPreferredChannelsList().isEmpty() ? r.getPreferredChannelsList()
        : DEFAULT_CHANNELS;
    return new LinkedHashSet<>(chosen);
  }

  /** Where a channel's message goes; null when the recipient has no address for it. */
  private static String addressOf(Recipient r, Channel channel) {
    String address = switch (channel) {
      case CHANNEL_EMAIL -> r.getEmail();
      case CHANNEL_SMS -> r.getPhone();
      case CHANNEL_SLACK -> r.getSlackUserId();
      // The webhook URL is deployment configuration, not a recipient address; none is configured yet.
      case CHANNEL_WEBHOOK -> "webhook";
      default -> null;
    };
    return address == null || address.isBlank() ? null : address.trim();
  }
}
