package dev.leadrouter.notify.preference;

import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.Rep;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which channels a recipient is notified over, first match wins:
 *
 * <ol>
 *   <li>{@code NotifyRequest.channels}: the caller decided for everyone;
 *   <li>the recipient's per-kind preferences ({@code Recipient.notification_channels}, else the
 *       assignment's rep snapshot {@code Rep.notification_channels} when it is the same rep), e.g.
 *       {@code "sla_warning:sms"};
 *   <li>{@code Recipient.preferred_channels};
 *   <li>the recipient's kind-less preferences ({@code "email"}, {@code "slack"});
 *   <li>the deployment's policy for the kind, {@code NOTIFY_CHANNELS_<KIND>} (e.g. {@code
 *       NOTIFY_CHANNELS_SLA_WARNING=SMS,EMAIL});
 *   <li>{@code NOTIFY_CHANNELS_DEFAULT} (default {@code EMAIL}).
 * </ol>
 *
 * The CRM webhook is not a rep's choice: {@link #webhookKinds} says which events go to it.
 */
public final class ChannelPolicy {
  private final Map<NotificationKind, List<Channel>> byKind;
  private final List<Channel> fallback;
  private final List<NotificationKind> webhookKinds;

  public ChannelPolicy(
      Map<NotificationKind, List<Channel>> byKind,
      List<Channel> fallback,
      List<NotificationKind> webhookKinds) {
    this.byKind = byKind.isEmpty() ? Map.of() : new EnumMap<>(byKind);
    this.fallback = List.copyOf(fallback);
    this.webhookKinds = List.copyOf(webhookKinds);
  }

  public static ChannelPolicy emailOnly() {
    return new ChannelPolicy(Map.of(), List.of(Channel.CHANNEL_EMAIL), List.of());
  }

  public List<Channel> channelsFor(NotifyRequest request, Recipient r) {
    if (!request.getChannelsList().isEmpty()) {
      return request.getChannelsList();
    }
    ChannelPreferences prefs = preferencesOf(request, r);
    List<Channel> perKind = prefs.byKind().get(request.getKind());
    if (perKind != null) {
      return perKind;
    }
    if (!r.getPreferredChannelsList().isEmpty()) {
      return r.getPreferredChannelsList();
    }
    if (!prefs.anyKind().isEmpty()) {
      return prefs.anyKind();
    }
    return byKind.getOrDefault(request.getKind(), fallback);
  }

  /** Whether this kind of event is also posted to the deployment's CRM webhook. */
  public boolean sendsToWebhook(NotificationKind kind) {
    return webhookKinds.contains(kind);
  }

  private static ChannelPreferences preferencesOf(NotifyRequest request, Recipient r) {
    List<String> entries = new ArrayList<>(r.getNotificationChannelsList());
    Rep snapshot = request.getAssignment().getRep();
    if (entries.isEmpty()
        && !snapshot.getRepId().isEmpty()
        && snapshot.getRepId().equals(r.getRepId())) {
      entries.addAll(snapshot.getNotificationChannelsList());
    }
    // Entries in the rep snapshot were checked by routing-service; ones this version cannot read
    // are skipped.
    return entries.isEmpty() ? ChannelPreferences.NONE : ChannelPreferences.parse(entries);
  }
}
