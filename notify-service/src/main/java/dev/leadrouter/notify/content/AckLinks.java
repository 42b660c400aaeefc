package dev.leadrouter.notify.content;

import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The one-click "I'm on it" link of a notification: {@code
 * <NOTIFY_ACK_BASE_URL>/v1/ack?token=<token>}, the token an {@link AckToken} for (assignment,
 * recipient rep) that expires {@code NOTIFY_ACK_TTL} after the message is rendered. sla-service
 * redeems it and records the first touch; nothing is stored here, so any replica can issue it.
 *
 * <p>A caller-supplied {@code NotifyRequest.ack_url} is used as is. Without {@code
 * LEADROUTER_ACK_SECRET} no link is built. Only the rep who must act gets one (not managers, not
 * the previous owner).
 */
public final class AckLinks {
  private final AckToken tokens;
  private final String baseUrl;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param tokens null when no secret is configured
   */
  public AckLinks(AckToken tokens, String baseUrl, Duration ttl, Clock clock) {
    this.tokens = tokens;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.ttl = ttl;
    this.clock = clock;
  }

  public static AckLinks none() {
    return new AckLinks(null, "", Duration.ZERO, Clock.systemUTC());
  }

  /** The link for a recipient, or null for none. */
  public String linkFor(NotifyRequest request, int recipientIndex) {
    Recipient r = request.getRecipients(recipientIndex);
    if (!NotificationView.wantsAckLink(request.getKind(), r.getRole())) {
      return null;
    }
    if (!request.getAckUrl().isEmpty()) {
      return request.getAckUrl();
    }
    if (tokens == null || request.getAssignmentId().contains("|") || r.getRepId().contains("|")) {
      return null;
    }
    String token = tokens.issue(request.getAssignmentId(), r.getRepId(), clock.instant().plus(ttl));
    return baseUrl + "/v1/ack?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }
}
