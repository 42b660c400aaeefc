package dev.leadrouter.capture.csv;

import java.util.List;

/**
 * One CSV record: its 1-based position among the records of the input, its fields, and, when it
 * could not be read cleanly, why (then the fields may be incomplete and must not be used).
 */
public record CsvRecord(long number, List<String> fields, String error) {
  public boolean ok() {
    return error == null;
  }
}
