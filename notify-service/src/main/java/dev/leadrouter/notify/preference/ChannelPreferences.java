package dev.leadrouter.notify.preference;

import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.NotificationKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rep's channel preferences in the {@code Rep.notification_channels} syntax, parsed.
 *
 * <p>Each entry is a channel ({@code "email"}, {@code "slack"}, {@code "sms"}, {@code "webhook"}),
 * or a kind and channels: {@code "sla_warning:sms"}, {@code "new_lead:slack+email"}. Kinds and
 * channels are the proto names without their prefix, case-insensitive. Entries for one kind add up.
 *
 * @param anyKind channels for kinds without their own entries
 * @param byKind channels per kind
 * @param invalid entries that could not be read, for the caller to report
 */
public record ChannelPreferences(
    List<Channel> anyKind, Map<NotificationKind, List<Channel>> byKind, List<String> invalid) {

  public static final ChannelPreferences NONE =
      new ChannelPreferences(List.of(), Map.of(), List.of());

  public static ChannelPreferences parse(List<String> entries) {
    Set<Channel> any = new LinkedHashSet<>();
    Map<NotificationKind, Set<Channel>> byKind = new EnumMap<>(NotificationKind.class);
    List<String> invalid = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.strip();
      int colon = e.indexOf(':');
      Optional<NotificationKind> kind = colon < 0 ? Optional.empty() : kind(e.substring(0, colon));
      List<Channel> channels = channels(colon < 0 ? e : e.substring(colon + 1));
      if ((colon >= 0 && kind.isEmpty()) || channels.isEmpty()) {
        invalid.add(e);
      } else if (kind.isPresent()) {
        byKind.computeIfAbsent(kind.get(), k -> new LinkedHashSet<>()).addAll(channels);
      } else {
        any.addAll(channels);
      }
    }
    Map<NotificationKind, List<Channel>> frozen = new EnumMap<>(NotificationKind.class);
    byKind.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new ChannelPreferences(List.copyOf(any), Map.copyOf(frozen), List.copyOf(invalid));
  }

  /**
   * Channels for {@code kind}: its own entries, else the kind-less ones; empty when the rep stated
   * none.
   */
  public List<Channel> forKind(NotificationKind kind) {
    return byKind.getOrDefault(kind, anyKind);
  }

  /** Channels separated by {@code +} or {@code ,}; empty when any of them is unknown. */
  // String.split drops trailing empty parts: a trailing separator ("EMAIL,") is tolerated on
  // purpose.
  @SuppressWarnings("StringSplitter")
  public static List<Channel> channels(String text) {
    List<Channel> out = new ArrayList<>();
    for (String part : text.split("[+,]")) {
      String p = part.strip().toUpperCase(Locale.ROOT);
      if (p.startsWith("CHANNEL_")) {
        p = p.substring("CHANNEL_".length());
      }
      try {
        Channel c = Channel.valueOf("CHANNEL_" + p);
        if (c == Channel.CHANNEL_UNSPECIFIED) {
          return List.of();
        }
        if (!out.contains(c)) {
          out.add(c);
        }
      } catch (IllegalArgumentException e) {
        return List.of();
      }
    }
    return out;
  }

  public static Optional<NotificationKind> kind(String text) {
    String k = text.strip().toUpperCase(Locale.ROOT);
    if (k.startsWith("NOTIFICATION_KIND_")) {
      k = k.substring("NOTIFICATION_KIND_".length());
    }
    try {
      NotificationKind kind = NotificationKind.valueOf("NOTIFICATION_KIND_" + k);
      return kind == NotificationKind.NOTIFICATION_KIND_UNSPECIFIED
          ? Optional.empty()
          : Optional.of(kind);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
