package dev.leadrouter.notify.preference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.NotificationKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelPreferencesTest {
  @Test
  void perKindEntriesOverrideTheKindlessOnes() {
    ChannelPreferences p = ChannelPreferences.parse(List.of("email", "escalation: sms+slack"));

    assertThat(p.forKind(NotificationKind.NOTIFICATION_KIND_ESCALATION))
        .containsExactly(Channel.CHANNEL_SMS, Channel.CHANNEL_SLACK);
    assertThat(p.forKind(NotificationKind.NOTIFICATION_KIND_NEW_LEAD))
        .containsExactly(Channel.CHANNEL_EMAIL);
    assertThat(p.invalid()).isEmpty();
  }

  @Test
  void anEntryWithAnEmptyOrUnknownKindIsInvalidNotKindless() {
    ChannelPreferences p = ChannelPreferences.parse(List.of(":email", "lunch:sms", "pigeon"));

    assertThat(p.invalid()).containsExactly(":email", "lunch:sms", "pigeon");
    assertThat(p.anyKind()).isEmpty();
    assertThat(p.byKind()).isEmpty();
  }

  @Test
  void theWebhookGetsOnlyTheConfiguredKinds() {
    ChannelPolicy policy =
        new ChannelPolicy(
            java.util.Map.of(), List.of(), List.of(NotificationKind.NOTIFICATION_KIND_NEW_LEAD));

    assertThat(policy.sendsToWebhook(NotificationKind.NOTIFICATION_KIND_NEW_LEAD)).isTrue();
    assertThat(policy.sendsToWebhook(NotificationKind.NOTIFICATION_KIND_ESCALATION)).isFalse();
    assertThat(
            ChannelPolicy.emailOnly().sendsToWebhook(NotificationKind.NOTIFICATION_KIND_NEW_LEAD))
        .isFalse();
  }
}
