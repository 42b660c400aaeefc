package dev.leadrouter.console.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What reached the catch-all queue, grouped by country, source and product, largest group first:
 * each large group is a rule gap (a kind of lead no rule covers).
 */
public final class CatchAllAudit {
  /** One catch-all lead as the audit sees it: no personal data. */
  public record Entry(
      String leadId,
      String decidedAt,
      String country,
      String region,
      String source,
      List<String> products,
      int employees,
      String reason) {}

  /** A group: its value and how many leads. */
  public record Group(String value, int leads) {}

  private final List<Entry> entries;

  public CatchAllAudit(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  public List<Group> byCountry() {
    return group(e -> List.of(blank(e.country())));
  }

  public List<Group> bySource() {
    return group(e -> List.of(blank(e.source())));
  }

  /** A lead interested in two products counts in both groups. */
  public List<Group> byProduct() {
    return group(e -> e.products().isEmpty() ? List.of("(none)") : e.products());
  }

  private List<Group> group(java.util.function.Function<Entry, List<String>> key) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Entry e : entries) {
      for (String k : key.apply(e)) {
        counts.merge(k, 1, Integer::sum);
      }
    }
    List<Group> out = new ArrayList<>();
    counts.forEach((k, v) -> out.add(new Group(k, v)));
    out.sort(Comparator.comparingInt(Group::leads).reversed().thenComparing(Group::value));
    return out;
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? "(unknown)" : s;
  }

  /** RFC 4180 CSV, one row per lead; cells that a spreadsheet would run as a formula are quoted. */
  public String csv() {
    StringBuilder out =
        new StringBuilder("lead_id,decided_at,country,region,source,products,employees,reason\r\n");
    for (Entry e : entries) {
      out.append(
              String.join(
                  ",",
                  cell(e.leadId()),
                  cell(e.decidedAt()),
                  cell(e.country()),
                  cell(e.region()),
                  cell(e.source()),
                  cell(String.join(" ", e.products())),
                  cell(e.employees() == 0 ? "" : Integer.toString(e.employees())),
                  cell(e.reason())))
          .append("\r\n");
    }
    return out.toString();
  }

  static String cell(String value) {
    String v = value == null ? "" : value;
    // A leading = + - @ makes Excel and Sheets evaluate the cell (CSV injection): neutralize it.
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
