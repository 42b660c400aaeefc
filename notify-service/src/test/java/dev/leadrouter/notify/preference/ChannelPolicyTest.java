package dev.leadrouter.notify.preference;

import static dev.leadrouter.v1.Channel.CHANNEL_EMAIL;
import static dev.leadrouter.v1.Channel.CHANNEL_SLACK;
import static dev.leadrouter.v1.Channel.CHANNEL_SMS;
import static dev.leadrouter.v1.NotificationKind.NOTIFICATION_KIND_NEW_LEAD;
import static dev.leadrouter.v1.NotificationKind.NOTIFICATION_KIND_SLA_WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.Rep;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelPolicyTest {
  private static final ChannelPolicy POLICY =
      new ChannelPolicy(
          Map.of(NOTIFICATION_KIND_SLA_WARNING, List.of(CHANNEL_SMS, CHANNEL_EMAIL)),
          List.of(CHANNEL_EMAIL),
          List.of());

  record Case(
      String name,
      NotificationKind kind,
      List<Channel> requestChannels,
      List<String> recipientPrefs,
      List<Channel> preferred,
      List<String> repSnapshotPrefs,
      List<Channel> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "request channels win over everything",
            NOTIFICATION_KIND_SLA_WARNING,
            List.of(CHANNEL_SLACK),
            List.of("sla_warning:sms"),
            List.of(CHANNEL_EMAIL),
            List.of(),
            List.of(CHANNEL_SLACK)),
        new Case(
            "per-kind recipient preference",
            NOTIFICATION_KIND_SLA_WARNING,
            List.of(),
            List.of("email", "sla_warning:sms"),
            List.of(CHANNEL_EMAIL),
            List.of(),
            List.of(CHANNEL_SMS)),
        new Case(
            "per-kind entries add up, + separates",
            NOTIFICATION_KIND_NEW_LEAD,
            List.of(),
            List.of("new_lead:slack+email"),
            List.of(),
            List.of(),
            List.of(CHANNEL_SLACK, CHANNEL_EMAIL)),
        new Case(
            "preferred_channels when no entry for the kind",
            NOTIFICATION_KIND_NEW_LEAD,
            List.of(),
            List.of("sla_warning:sms"),
            List.of(CHANNEL_SLACK),
            List.of(),
            List.of(CHANNEL_SLACK)),
        new Case(
            "kind-less entries after preferred_channels",
            NOTIFICATION_KIND_NEW_LEAD,
            List.of(),
            List.of("SLACK"),
            List.of(),
            List.of(),
            List.of(CHANNEL_SLACK)),
        new Case(
            "rep snapshot of the same rep",
            NOTIFICATION_KIND_SLA_WARNING,
            List.of(),
            List.of(),
            List.of(),
            List.of("sla_warning:slack"),
            List.of(CHANNEL_SLACK)),
        new Case(
            "deployment policy per kind",
            NOTIFICATION_KIND_SLA_WARNING,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(CHANNEL_SMS, CHANNEL_EMAIL)),
        new Case(
            "deployment default",
            NOTIFICATION_KIND_NEW_LEAD,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(CHANNEL_EMAIL)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void choosesChannels(Case c) {
    Recipient r =
        Recipient.newBuilder()
            .setRepId("ana")
            .addAllNotificationChannels(c.recipientPrefs())
            .addAllPreferredChannels(c.preferred())
            .build();
    NotifyRequest request =
        NotifyRequest.newBuilder()
            .setKind(c.kind())
            .addAllChannels(c.requestChannels())
            .addRecipients(r)
            .setAssignment(
                Assignment.newBuilder()
                    .setRep(
                        Rep.newBuilder()
                            .setRepId("ana")
                            .addAllNotificationChannels(c.repSnapshotPrefs())))
            .build();

    assertThat(POLICY.channelsFor(request, r)).containsExactlyElementsOf(c.expected());
  }

  @ParameterizedTest
  @MethodSource("invalidEntries")
  void unreadableEntriesAreReported(String entry) {
    assertThat(ChannelPreferences.parse(List.of(entry)).invalid()).containsExactly(entry);
  }

  static Stream<String> invalidEntries() {
    return Stream.of("", "pigeon", "sla_warning:", "lunch:sms", "sms+fax", "unspecified");
  }
}
