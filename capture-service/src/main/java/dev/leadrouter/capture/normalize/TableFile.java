package dev.leadrouter.capture.normalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the small reference tables shipped as resources: one entry a line, '#' comments, '|'
 * between columns.
 */
final class TableFile {
  private TableFile() {}

  static List<String[]> read(String resource) {
    var in = TableFile.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing resource " + resource);
    }
    List<String[]> rows = new ArrayList<>();
    try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          String[] cols = t.split("\\|");
          for (int i = 0; i < cols.length; i++) {
            cols[i] = cols[i].strip();
          }
          rows.add(cols);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
