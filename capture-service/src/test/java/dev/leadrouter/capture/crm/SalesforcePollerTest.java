package dev.leadrouter.capture.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SalesforcePollerTest {
  private static final InboundRepository.Cursor CURSOR =
      new InboundRepository.Cursor(Instant.parse("2026-11-30T18:10:07.250Z"), "00Q5g00000ABCDEAAA");

  @Test
  void aRoundStartsTheOverlapBehindTheCursorAtAnyId() {
    InboundRepository.Cursor start = SalesforcePoller.roundStart(CURSOR, Duration.ofMinutes(5));
    assertThat(start.time()).isEqualTo(Instant.parse("2026-11-30T18:05:07Z"));
    assertThat(SalesforcePoller.soql(start, 200))
        .contains(" FROM Lead WHERE CreatedDate >= 2026-11-30T18:05:07Z ORDER BY")
        .doesNotContain("Id > ''");
  }

  @Test
  void withoutOverlapARoundStartsAfterTheCursorsLead() {
    InboundRepository.Cursor start = SalesforcePoller.roundStart(CURSOR, Duration.ZERO);
    assertThat(SalesforcePoller.soql(start, 2))
        .endsWith(
            " FROM Lead WHERE (CreatedDate > 2026-11-30T18:10:07Z OR (CreatedDate ="
                + " 2026-11-30T18:10:07Z AND Id > '00Q5g00000ABCDEAAA'))"
                + " ORDER BY CreatedDate ASC, Id ASC LIMIT 2");
  }
}
