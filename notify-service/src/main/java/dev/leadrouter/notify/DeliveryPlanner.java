package dev.leadrouter.notify;

import dev.leadrouter.notify.delivery.NewDelivery;
import dev.leadrouter.notify.preference.ChannelPolicy;
import dev.leadrouter.notify.slack.SlackSender;
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

/**
 * Turns a valid NotifyRequest into one delivery per reachable (recipient, channel), plus one to the
 * CRM webhook for the kinds it takes. Channels come from {@link ChannelPolicy}; a channel this
 * deployment cannot send over is stored FAILED ("channel not configured") so the gap is visible in
 * ListDeadLetters instead of silently dropped.
 */
final class DeliveryPlanner {
  static final String CHANNEL_NOT_CONFIGURED = "channel not configured";

  /**
   * What this deployment can send over.
   *
   * @param slackBot a bot token is configured (DMs to member ids)
   * @param slackWebhook a deployment-wide Slack webhook is configured
   * @param sms an SMS API is configured
   * @param webhookHost host of the CRM webhook, null when none is configured
   */
  record Capabilities(boolean slackBot, boolean slackWebhook, boolean sms, String webhookHost) {
    static final Capabilities EMAIL_ONLY = new Capabilities(false, false, false, null);
  }

  private final ChannelPolicy policy;
  private final Capabilities capabilities;

  DeliveryPlanner(ChannelPolicy policy, Capabilities capabilities) {
    this.policy = policy;
    this.capabilities = capabilities;
  }

  List<NewDelivery> plan(NotifyRequest request) {
    List<NewDelivery> planned = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    boolean webhookPlanned = false;
    for (int i = 0; i < request.getRecipientsCount(); i++) {
      Recipient r = request.getRecipients(i);
      for (Channel channel : new LinkedHashSet<>(policy.channelsFor(request, r))) {
        if (channel == Channel.CHANNEL_WEBHOOK) {
          // The CRM webhook gets the event once, not once per recipient.
          if (!webhookPlanned) {
            planned.add(webhook(request, i));
            webhookPlanned = true;
          }
          continue;
        }
        String address = addressOf(r, channel);
        // No address for this channel: the contract says skip it, the other channels still go out.
        if (address == null) {
          continue;
        }
        // Two recipients with one address would hit the same idempotency key: one delivery is
        // enough.
        if (!seen.add(channel + " " + address)) {
          continue;
        }
        boolean sendable = canSend(r, channel);
        planned.add(
            new NewDelivery(
                request,
                i,
                channel,
                address,
                role(r),
                sendable
                    ? DeliveryStatus.DELIVERY_STATUS_PENDING
                    : DeliveryStatus.DELIVERY_STATUS_FAILED,
                sendable ? null : CHANNEL_NOT_CONFIGURED));
      }
    }
    if (!webhookPlanned
        && capabilities.webhookHost() != null
        && policy.sendsToWebhook(request.getKind())
        && request.getRecipientsCount() > 0) {
      planned.add(webhook(request, 0));
    }
    if (planned.isEmpty()) {
      // Storing nothing and answering OK would lose the notification without anyone noticing.
      throw new InvalidInputException(
          "recipients", "no recipient has an address for any of the requested channels");
    }
    return planned;
  }

  private NewDelivery webhook(NotifyRequest request, int recipientIndex) {
    Recipient r = request.getRecipients(recipientIndex);
    boolean sendable = capabilities.webhookHost() != null;
    return new NewDelivery(
        request,
        recipientIndex,
        Channel.CHANNEL_WEBHOOK,
        sendable ? capabilities.webhookHost() : "webhook",
        role(r),
        sendable ? DeliveryStatus.DELIVERY_STATUS_PENDING : DeliveryStatus.DELIVERY_STATUS_FAILED,
        sendable ? null : CHANNEL_NOT_CONFIGURED);
  }

  private boolean canSend(Recipient r, Channel channel) {
    return switch (channel) {
      case CHANNEL_EMAIL -> true;
      case CHANNEL_SMS -> capabilities.sms();
      case CHANNEL_SLACK ->
          !r.getSlackWebhookUrl().isBlank()
              || capabilities.slackWebhook()
              || (capabilities.slackBot() && !r.getSlackUserId().isBlank());
      default -> false;
    };
  }

  private static RecipientRole role(Recipient r) {
    return r.getRole() == RecipientRole.RECIPIENT_ROLE_UNSPECIFIED
        ? RecipientRole.RECIPIENT_ROLE_OWNER
        : r.getRole();
  }

  /** Where a channel's message goes; null when the recipient has no address for it. */
  private String addressOf(Recipient r, Channel channel) {
    String address =
        switch (channel) {
          case CHANNEL_EMAIL -> r.getEmail();
          case CHANNEL_SMS -> r.getPhone();
          // A rep reached through a webhook may have no member id: the rep id keeps the key unique.
          case CHANNEL_SLACK ->
              !r.getSlackUserId().isBlank()
                  ? r.getSlackUserId()
                  : r.getSlackWebhookUrl().isBlank() && !capabilities.slackWebhook()
                      ? null
                      : SlackSender.REP_ADDRESS_PREFIX + r.getRepId();
          default -> null;
        };
    return address == null || address.isBlank() ? null : address.trim();
  }
}
