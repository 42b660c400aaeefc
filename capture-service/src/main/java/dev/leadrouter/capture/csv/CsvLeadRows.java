package dev.leadrouter.capture.csv;

import dev.leadrouter.capture.source.FieldMapping;
import dev.leadrouter.capture.source.LeadFields;
import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Lead;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads leads from CSV rows by their header: each column named like a lead field (our paths,
 * Web-to-Lead or HubSpot names, or the source's mapping) fills that field; other columns are
 * ignored and listed once in the import's summary.
 */
public final class CsvLeadRows {
  private final SourceConfig source;
  private final List<String> targets = new ArrayList<>(); // per column: lead path or null
  private final List<String> header;
  private final List<String> ignored = new ArrayList<>();

  /**
   * @throws InvalidInputException when no column maps to a lead field
   */
  public CsvLeadRows(SourceConfig source, List<String> header) {
    this.source = source;
    this.header = List.copyOf(header);
    FieldMapping mapping = source.mapping();
    for (String name : header) {
      String target = mapping.target(name).orElse(null);
      targets.add(target);
      if (target == null) {
        ignored.add(name);
      }
    }
    if (targets.stream().allMatch(t -> t == null)) {
      throw new InvalidInputException(
          "header",
          "no column names a lead field; use e.g. email, first_name, last_name, phone, company, country");
    }
  }

  public List<String> ignoredColumns() {
    return List.copyOf(ignored);
  }

  /** The lead of one data row; @throws InvalidInputException naming the column at fault */
  public Lead lead(CsvRecord record) {
    if (!record.ok()) {
      throw new InvalidInputException("row", record.error());
    }
    if (record.fields().size() != header.size()) {
      throw new InvalidInputException(
          "row", "has " + record.fields().size() + " fields, the header has " + header.size());
    }
    Lead.Builder b = Lead.newBuilder();
    b.getSourceBuilder().setSourceId(source.id()).setChannel(source.channel());
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (targets.get(i) != null) {
        LeadFields.set(b, targets.get(i), record.fields().get(i), header.get(i), violations);
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return b.build();
  }
}
