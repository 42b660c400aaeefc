package dev.leadrouter.capture.csv;

import java.util.List;

/**
 * One CSV record: its 1-based position among the records of the input, the 1-based line of the
 * input it starts on (quoted fields may span lines, blank lines are skipped: the line is what a
 * person finds in their editor), its fields, and, when it could not be read cleanly, why (then the
 * fields may be incomplete and must not be used).
 */
public record CsvRecord(long number, long line, List<String> fields, String error) {
  public boolean ok() {
    return error == null;
  }
}
