package dev.leadrouter.sla.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.sla.clock.LeadFacts;
import dev.leadrouter.sla.clock.SlaPolicy;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyFileTest {
  private static final SlaPolicy FALLBACK =
      new SlaPolicy("default", Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ZERO);
  private static final String FILE =
      """
      policies:
        - id: demo-requests
          match:
            product_interests: [demo]
            source_channels: [web_form, SOURCE_CHANNEL_CHAT]
          target: 5m
          warn_at: 60%
          reassign_after: 10m
        - id: enterprise-queue
          match:
            queue_ids: [enterprise]
            min_score: 50
          target: 30m
          warn_before: 10m
          escalate_after: 5m
          business_hours: true
        - id: content-downloads
          match:
            source_ids: [whitepaper, ebook]
          target: 4h
          warn_at: 0.75
          alert_manager: false
      """;

  static Stream<Arguments> leads() {
    return Stream.of(
        Arguments.of(
            new LeadFacts("q", null, "WEB_FORM", null, List.of("crm", "demo"), 0), "demo-requests"),
        Arguments.of(new LeadFacts("q", null, "CHAT", null, List.of("demo"), 0), "demo-requests"),
        Arguments.of(new LeadFacts("q", null, "AD", null, List.of("demo"), 0), "default"),
        Arguments.of(
            new LeadFacts("enterprise", null, null, null, List.of(), 50), "enterprise-queue"),
        Arguments.of(new LeadFacts("enterprise", null, null, null, List.of(), 49), "default"),
        Arguments.of(
            new LeadFacts("q", null, "WEB_FORM", "ebook", List.of(), 0), "content-downloads"),
        // File order decides when several rules match.
        Arguments.of(
            new LeadFacts("enterprise", null, "WEB_FORM", "ebook", List.of("demo"), 90),
            "demo-requests"));
  }

  @ParameterizedTest
  @MethodSource("leads")
  void theFirstMatchingPolicyWinsElseTheBuiltInOne(LeadFacts lead, String expected) {
    assertThat(PolicyFile.parse(FILE, FALLBACK).choose(lead).policyId()).isEqualTo(expected);
  }

  @Test
  void readsTheLadderOfEachPolicy() {
    PolicyBook book = PolicyFile.parse(FILE, FALLBACK);
    SlaPolicy demo = book.rules().get(0).policy();
    SlaPolicy enterprise = book.rules().get(1).policy();
    SlaPolicy content = book.rules().get(2).policy();

    assertThat(demo.firstTouchTarget()).isEqualTo(Duration.ofMinutes(5));
    assertThat(demo.warnBefore())
        .as("warn at 60% of 5m = 2m before")
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(demo.reassignAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(demo.alertManager()).isTrue();
    assertThat(enterprise.warnBefore()).isEqualTo(Duration.ofMinutes(10));
    assertThat(enterprise.escalateAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(enterprise.businessHours()).isTrue();
    assertThat(enterprise.reassignAfter()).isNull();
    assertThat(content.warnBefore()).isEqualTo(Duration.ofHours(1));
    assertThat(content.alertManager()).isFalse();
    assertThat(content.scheduleFor(java.time.Instant.EPOCH).escalateAt()).isNull();
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    String bad =
        """
        policies:
          - id: "bad id!"
            target: soon
            warn_at: 150%
            colour: blue
            match:
              min_score: high
              queues: [x]
          - id: ok
            target: 5m
            reassign_after: -1m
          - id: ok
            target: 5m
        """;
    assertThatThrownBy(() -> PolicyFile.parse(bad, FALLBACK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policies[0].id")
        .hasMessageContaining("policies[0].target")
        .hasMessageContaining("policies[0].warn_at")
        .hasMessageContaining("policies[0].colour")
        .hasMessageContaining("policies[0].match.min_score")
        .hasMessageContaining("policies[0].match.queues")
        .hasMessageContaining("policies[1].reassign_after")
        .hasMessageContaining("policies[2].id: ok is used twice");
    assertThatThrownBy(() -> PolicyFile.parse("nope: [", FALLBACK))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PolicyFile.parse("other: 1", FALLBACK))
        .hasMessageContaining("policies: must be a list");
  }
}
