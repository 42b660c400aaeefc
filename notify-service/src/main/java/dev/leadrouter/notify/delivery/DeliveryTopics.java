package dev.leadrouter.notify.delivery;

import dev.leadrouter.v1.Channel;
import java.util.Locale;

/**
 * Outbox topics the sender of each channel listens on; the message key is the delivery id.
 *
 * <p>A channel's topic is always {@code "notify." + lower(stored channel)}: the repository relies
 * on that to join a delivery to its outbox row in SQL.
 */
public final class DeliveryTopics {
  public static final String EMAIL = "notify.email";
  public static final String SLACK = "notify.slack";
  public static final String SMS = "notify.sms";
  public static final String WEBHOOK = "notify.webhook";

  private DeliveryTopics() {}

  public static String forChannel(Channel channel) {
    return "notify." + StoredEnums.channel(channel).toLowerCase(Locale.ROOT);
  }
}
