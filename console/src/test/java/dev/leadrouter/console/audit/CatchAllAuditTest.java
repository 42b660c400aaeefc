package dev.leadrouter.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatchAllAuditTest {
  private static CatchAllAudit.Entry entry(String country, String source, List<String> products) {
    return new CatchAllAudit.Entry(
        "id-" + country, "2026-11-02T10:00:00Z", country, "", source, products, 50, "no rule");
  }

  @Test
  void groupsShowTheBiggestGapFirstAndALeadCountsForEachOfItsProducts() {
    CatchAllAudit audit =
        new CatchAllAudit(
            List.of(
                entry("BR", "web form", List.of("crm")),
                entry("BR", "ad", List.of("crm", "voice")),
                entry("", "web form", List.of())));
    assertThat(audit.byCountry())
        .containsExactly(new CatchAllAudit.Group("BR", 2), new CatchAllAudit.Group("(unknown)", 1));
    assertThat(audit.byProduct())
        .containsExactly(
            new CatchAllAudit.Group("crm", 2),
            new CatchAllAudit.Group("(none)", 1),
            new CatchAllAudit.Group("voice", 1));
    assertThat(audit.bySource().get(0)).isEqualTo(new CatchAllAudit.Group("web form", 2));
  }

  @Test
  void csvQuotesSeparatorsAndDefusesFormulas() {
    CatchAllAudit audit =
        new CatchAllAudit(
            List.of(
                new CatchAllAudit.Entry(
                    "l1", "t", "US", "US-CA", "=HYPERLINK(\"x\")", List.of("a", "b"), 0, "x, y")));
    assertThat(audit.csv())
        .isEqualTo(
            "lead_id,decided_at,country,region,source,products,employees,reason\r\n"
                + "l1,t,US,US-CA,\"'=HYPERLINK(\"\"x\"\")\",a b,,\"x, y\"\r\n");
  }
}
