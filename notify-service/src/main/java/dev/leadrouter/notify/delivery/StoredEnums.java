package dev.leadrouter.notify.delivery;

import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.RecipientRole;

/**
 * How enum values are written to the deliveries table: the proto name without its type prefix
 * ({@code CHANNEL_EMAIL} is stored as {@code EMAIL}), readable in SQL and stable because proto
 * names never change once published.
 */
final class StoredEnums {
  private StoredEnums() {}

  static String kind(NotificationKind v) {
    return strip(v.name(), "NOTIFICATION_KIND_");
  }

  static String channel(Channel v) {
    return strip(v.name(), "CHANNEL_");
  }

  static String role(RecipientRole v) {
    return strip(v.name(), "RECIPIENT_ROLE_");
  }

  static String status(DeliveryStatus v) {
    return strip(v.name(), "DELIVERY_STATUS_");
  }

  static NotificationKind kind(String stored) {
    return NotificationKind.valueOf("NOTIFICATION_KIND_" + stored);
  }

  static Channel channel(String stored) {
    return Channel.valueOf("CHANNEL_" + stored);
  }

  static RecipientRole role(String stored) {
    return RecipientRole.valueOf("RECIPIENT_ROLE_" + stored);
  }

  static DeliveryStatus status(String stored) {
    return DeliveryStatus.valueOf("DELIVERY_STATUS_" + stored);
  }

  private static String strip(String name, String prefix) {
    if (!name.startsWith(prefix)) {
      throw new IllegalArgumentException("cannot store " + name);
    }
    return name.substring(prefix.length());
  }
}
