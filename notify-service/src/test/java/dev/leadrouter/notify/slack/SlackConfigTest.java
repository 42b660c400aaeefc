package dev.leadrouter.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackConfigTest {
  private final SlackConfig defaults = SlackConfig.from(new Settings(Map.of()));

  @Test
  void repWebhooksMustBeHttpsOnSlacksHost() {
    assertThat(defaults.allowsWebhook("https://hooks.slack.com/services/T0/B0/XXXX")).isTrue();
    assertThat(defaults.allowsWebhook("http://hooks.slack.com/services/T0/B0/XXXX")).isFalse();
    assertThat(defaults.allowsWebhook("https://hooks.slack.com.evil.example/services/T0"))
        .isFalse();
    assertThat(defaults.allowsWebhook("https://169.254.169.254/latest/meta-data")).isFalse();
    assertThat(defaults.allowsWebhook("https://user@hooks.slack.com/services/T0")).isFalse();
    assertThat(defaults.allowsWebhook("https://hooks.slack.com:8443/services/T0")).isFalse();
    assertThat(defaults.allowsWebhook("not a url")).isFalse();
  }

  @Test
  void theAllowListIsConfigurable() {
    SlackConfig config =
        SlackConfig.from(
            new Settings(
                Map.of("NOTIFY_SLACK_WEBHOOK_HOSTS", "hooks.slack.com, Chat.Example.com")));
    assertThat(config.allowsWebhook("https://chat.example.com/hook")).isTrue();
    assertThat(config.allowsWebhook("https://other.example.com/hook")).isFalse();
  }
}
