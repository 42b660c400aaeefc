package dev.leadrouter.sla.touch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookTouchTest {
  private static final Instant NOW = Instant.parse("2026-03-09T14:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static WebhookTouch parse(String json) {
    return WebhookTouch.parse(json.getBytes(StandardCharsets.UTF_8), CLOCK);
  }

  @Test
  void defaultsToNowAndTheCrmChannel() {
    WebhookTouch t = parse("{\"lead_id\":\"l1\"}");
    assertThat(t).isEqualTo(new WebhookTouch(null, "l1", NOW, "CRM"));
  }

  @Test
  void readsAnOffsetTimestampAndAnyChannelSpelling() {
    WebhookTouch t =
        parse(
            "{\"assignment_id\":\"a1\",\"touched_at\":\"2026-03-09T15:55:00+02:00\",\"channel\":\"touch_channel_meeting\"}");
    assertThat(t)
        .isEqualTo(new WebhookTouch("a1", null, Instant.parse("2026-03-09T13:55:00Z"), "MEETING"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                              | assignment_id",
        "{\"assignment_id\":\"a\",\"lead_id\":\"l\"}     | assignment_id",
        "{\"assignment_id\":5}                           | assignment_id",
        "{\"lead_id\":\"l\",\"touched_at\":\"monday\"}   | touched_at",
        "{\"lead_id\":\"l\",\"touched_at\":\"2026-03-09T14:05:00Z\"} | touched_at",
        "{\"lead_id\":\"l\",\"channel\":\"fax\"}         | channel",
        "[1]                                             | ''",
        "not json                                        | body"
      })
  void refusesBadBodiesNamingTheField(String json, String field) {
    assertThatThrownBy(() -> parse(json.trim()))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo(field)));
  }
}
