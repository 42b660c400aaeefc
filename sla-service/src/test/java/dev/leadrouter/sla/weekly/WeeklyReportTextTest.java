package dev.leadrouter.sla.weekly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.PrecomposedMessage;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeeklyReportTextTest {
  private static final WeeklySchedule MONDAY_8_BERLIN =
      new WeeklySchedule(DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("Europe/Berlin"));

  @ParameterizedTest
  @CsvSource({
    // now, period start, period end
    "2026-03-09T07:00:00Z, 2026-03-02T07:00:00Z, 2026-03-09T07:00:00Z", // exactly Monday 08:00 CET
    "2026-03-09T06:59:59Z, 2026-02-23T07:00:00Z, 2026-03-02T07:00:00Z", // a second before: last
    // week's
    "2026-03-12T12:00:00Z, 2026-03-02T07:00:00Z, 2026-03-09T07:00:00Z",
    // The week with the spring-forward Sunday is 167 hours long: Monday 08:00 CET to Monday 08:00
    // CEST.
    "2026-03-30T09:00:00Z, 2026-03-23T07:00:00Z, 2026-03-30T06:00:00Z"
  })
  void eachReportCoversTheLocalWeekBeforeItsSendTime(String now, String start, String end) {
    WeeklySchedule.Period p = MONDAY_8_BERLIN.latestDue(Instant.parse(now));
    assertThat(p.start()).isEqualTo(Instant.parse(start));
    assertThat(p.end()).isEqualTo(Instant.parse(end));
  }

  @Test
  void theReportListsRepsWorstFirstAndEscapesHtml() {
    WeeklySchedule.Period p = MONDAY_8_BERLIN.latestDue(Instant.parse("2026-03-09T07:00:00Z"));
    PrecomposedMessage m =
        BreachReport.compose(
            p,
            ZoneId.of("Europe/Berlin"),
            List.of(
                new RepWeek("boss", "alice", 10, 1, 0, Duration.ofMinutes(3)),
                new RepWeek("boss", "<bob>", 4, 3, 2, Duration.ofSeconds(3 * 3600 + 60)),
                new RepWeek("boss", "carol", 2, 0, 0, null)));

    assertThat(m.getSubject())
        .isEqualTo("SLA breaches Mon 2 Mar 2026 08:00 to Mon 9 Mar 2026 08:00: 4 of 16 leads");
    assertThat(m.getText())
        .containsSubsequence(
            "<bob>: 3 breached of 4, 2 never touched, median time to touch 3h 1m",
            "alice: 1 breached of 10",
            "carol: 0 breached of 2, 0 never touched, median time to touch -");
    assertThat(m.getHtml()).contains("&lt;bob&gt;").doesNotContain("<bob>");
    assertThat(BreachReport.reportId(p)).isEqualTo("sla-week-" + p.end().getEpochSecond());
  }
}
