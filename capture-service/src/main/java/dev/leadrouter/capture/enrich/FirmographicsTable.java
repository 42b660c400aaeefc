package dev.leadrouter.capture.enrich;

import dev.leadrouter.capture.csv.CsvPushParser;
import dev.leadrouter.capture.csv.CsvRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in firmographics source: {@code CAPTURE_FIRMOGRAPHICS_FILE}, a CSV with the header
 * {@code domain,company_name,employee_count,industry,country}, held in memory (a million rows is
 * roughly 200 MB; larger data belongs behind the HTTP provider).
 */
public final class FirmographicsTable {
  private final Map<String, Firmographics> byDomain;

  private FirmographicsTable(Map<String, Firmographics> byDomain) {
    this.byDomain = Map.copyOf(byDomain);
  }

  public static FirmographicsTable empty() {
    return new FirmographicsTable(Map.of());
  }

  public static FirmographicsTable parse(byte[] csv) {
    List<CsvRecord> records = CsvPushParser.parseAll(csv);
    Map<String, Firmographics> map = new HashMap<>();
    for (CsvRecord r : records) {
      if (!r.ok()) {
        throw new IllegalStateException(
            "CAPTURE_FIRMOGRAPHICS_FILE record " + r.number() + ": " + r.error());
      }
      if (r.number() == 1) {
        if (!r.fields()
            .equals(List.of("domain", "company_name", "employee_count", "industry", "country"))) {
          throw new IllegalStateException(
              "CAPTURE_FIRMOGRAPHICS_FILE must start with the header domain,company_name,employee_count,industry,country");
        }
        continue;
      }
      if (r.fields().size() != 5) {
        throw new IllegalStateException(
            "CAPTURE_FIRMOGRAPHICS_FILE record " + r.number() + ": expected 5 fields");
      }
      int employees;
      try {
        employees = r.fields().get(2).isBlank() ? 0 : Integer.parseInt(r.fields().get(2).strip());
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            "CAPTURE_FIRMOGRAPHICS_FILE record " + r.number() + ": employee_count is not a number");
      }
      map.put(
          r.fields().get(0).strip().toLowerCase(Locale.ROOT),
          new Firmographics(
              r.fields().get(1).strip(),
              employees,
              r.fields().get(3).strip(),
              r.fields().get(4).strip().toUpperCase(Locale.ROOT)));
    }
    return new FirmographicsTable(map);
  }

  public static FirmographicsTable parse(String csv) {
    return parse(csv.getBytes(StandardCharsets.UTF_8));
  }

  public Optional<Firmographics> lookup(String domain) {
    return Optional.ofNullable(byDomain.get(domain));
  }

  public int size() {
    return byDomain.size();
  }
}
