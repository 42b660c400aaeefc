package dev.leadrouter.sla.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PageTokenTest {
  private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2025-02-01T00:00:00Z");

  @Test
  void givesBackTheLastKeyForTheSameFilters() {
    String token = PageToken.encode(FROM, TO, Grouping.SEGMENT, "smb|eu");

    assertThat(PageToken.decode(token, FROM, TO, Grouping.SEGMENT)).contains("smb|eu");
  }

  @Test
  void refusesTokensOfOtherFiltersAndGarbage() {
    String token = PageToken.encode(FROM, TO, Grouping.REP, "rep-1");

    assertThat(PageToken.decode(token, FROM, TO, Grouping.QUEUE)).isEmpty();
    assertThat(PageToken.decode(token, FROM.plusNanos(1_000), TO, Grouping.REP)).isEmpty();
    assertThat(PageToken.decode(token, FROM, TO.minusSeconds(1), Grouping.REP)).isEmpty();
    assertThat(PageToken.decode("%%%", FROM, TO, Grouping.REP)).isEmpty();
    assertThat(PageToken.decode("c2lsbHk", FROM, TO, Grouping.REP)).isEmpty();
  }
}
