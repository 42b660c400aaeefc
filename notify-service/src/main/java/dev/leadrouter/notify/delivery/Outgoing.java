package dev.leadrouter.notify.delivery;

import dev.leadrouter.notify.content.NotificationView;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import java.time.Instant;
import java.util.UUID;

/**
 * One message about to go out: the delivery, its request and the view to render.
 *
 * @param address the stored address (email, phone, Slack member id, webhook host)
 * @param firstAttemptAt when the first attempt of this delivery started (for "was it accepted?"
 *     look-ups)
 */
public record Outgoing(
    UUID deliveryId, String address, NotificationView view, Instant firstAttemptAt) {
  public NotifyRequest request() {
    return view.request();
  }

  public Recipient recipient() {
    return view.recipient();
  }

  /**
   * A short, non-personal tag of the delivery, put into messages so the provider's copy can be
   * matched to it.
   */
  public String marker() {
    return "ref " + deliveryId.toString().substring(0, 8);
  }

  public Outgoing withFirstAttemptAt(Instant at) {
    return new Outgoing(deliveryId, address, view, at);
  }
}
