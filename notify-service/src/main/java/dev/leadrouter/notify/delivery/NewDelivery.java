package dev.leadrouter.notify.delivery;

import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.RecipientRole;

/**
 * A delivery Notify wants to exist: one recipient of {@code request} over one channel.
 *
 * @param recipientIndex position of the recipient in {@code request.recipients}, so the sender
 *     renders for the right person
 * @param initialStatus PENDING when a sender will pick it up, FAILED when the channel cannot be
 *     served
 * @param initialError why it starts FAILED; null otherwise
 */
public record NewDelivery(
    NotifyRequest request,
    int recipientIndex,
    Channel channel,
    String address,
    RecipientRole role,
    DeliveryStatus initialStatus,
    String initialError) {

  public String recipientRepId() {
    return request.getRecipients(recipientIndex).getRepId();
  }
}
