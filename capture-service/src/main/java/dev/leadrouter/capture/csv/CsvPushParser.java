package dev.leadrouter.capture.csv;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An RFC 4180 CSV parser fed chunk by chunk, as bytes arrive from the network: it holds at most one
 * record, so a 100,000-row upload never sits in memory. (Jackson's CSV reader pulls from an
 * InputStream, which would need a blocked thread per upload; this one is pushed to from the event
 * loop.)
 *
 * <p>Comma-separated, double-quoted fields with "" for a quote, CRLF or LF line ends, an optional
 * UTF-8 byte-order mark, blank lines skipped. Damage stays within its record: invalid UTF-8, a
 * stray quote, a record over the size or field limit or an unterminated quote at the end make that
 * record an error and parsing goes on with the next line.
 */
public final class CsvPushParser {
  private enum State {
    FIELD_START,
    UNQUOTED,
    QUOTED,
    QUOTE_IN_QUOTED
  }

  private final int maxRecordBytes;
  private final int maxFields;
  private final Consumer<CsvRecord> sink;

  private State state = State.FIELD_START;
  private final ByteArrayOutputStream field = new ByteArrayOutputStream();
  private List<String> fields = new ArrayList<>();
  private String error;
  private int recordBytes;
  private long recordNumber;
  private long linesSeen;
  private long recordLine;
  private boolean started;
  private int bomMatched;

  public CsvPushParser(int maxRecordBytes, int maxFields, Consumer<CsvRecord> sink) {
    this.maxRecordBytes = maxRecordBytes;
    this.maxFields = maxFields;
    this.sink = sink;
  }

  public void feed(byte[] chunk) {
    for (byte b : chunk) {
      if (!started && skipBom(b)) {
        continue;
      }
      started = true;
      accept(b);
    }
  }

  /** Ends the input: emits the last record if the input did not end with a line break. */
  public void finish() {
    if (state == State.QUOTED) {
      fail("unterminated quoted field");
    }
    if (state == State.FIELD_START && !fields.isEmpty()) {
      endField(); // "a," at the very end: the empty last field
    }
    if (state != State.FIELD_START || !fields.isEmpty() || field.size() > 0) {
      endRecord();
    }
  }

  private boolean skipBom(byte b) {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    if (bomMatched < 3 && b == bom[bomMatched]) {
      bomMatched++;
      return true;
    }
    if (bomMatched > 0 && bomMatched < 3) {
      for (int i = 0; i < bomMatched; i++) {
        accept(bom[i]); // not a BOM after all
      }
    }
    bomMatched = 3;
    return false;
  }

  private void accept(byte b) {
    if (recordBytes == 0) {
      recordLine = linesSeen + 1;
    }
    if (b == '\n') {
      linesSeen++;
    }
    if (++recordBytes > maxRecordBytes && error == null) {
      fail("row longer than " + maxRecordBytes + " bytes");
    }
    switch (state) {
      case FIELD_START -> {
        if (b == '"') {
          state = State.QUOTED;
        } else {
          state = State.UNQUOTED;
          unquoted(b);
        }
      }
      case UNQUOTED -> unquoted(b);
      case QUOTED -> {
        if (b == '"') {
          state = State.QUOTE_IN_QUOTED;
        } else {
          append(b);
        }
      }
      case QUOTE_IN_QUOTED -> {
        if (b == '"') {
          append(b);
          state = State.QUOTED;
        } else if (b == ',') {
          endField();
        } else if (b == '\n') {
          endField();
          endRecord();
        } else if (b != '\r') {
          fail("unexpected character after a closing quote");
          state = State.UNQUOTED;
        }
      }
    }
  }

  private void unquoted(byte b) {
    switch (b) {
      case ',' -> endField();
      case '\n' -> {
        if (fields.isEmpty() && field.size() == 0 && recordBytes <= 2) {
          reset(); // a blank line
        } else {
          endField();
          endRecord();
        }
      }
      case '\r' -> {}
      case '"' -> fail("a quote inside an unquoted field");
      default -> append(b);
    }
  }

  private void append(byte b) {
    if (error == null) {
      field.write(b);
    }
  }

  private void endField() {
    if (error == null) {
      if (fields.size() >= maxFields) {
        fail("more than " + maxFields + " fields");
      } else {
        fields.add(decode(field.toByteArray()));
      }
    }
    field.reset();
    state = State.FIELD_START;
  }

  private String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      fail("not valid UTF-8");
      return "";
    }
  }

  private void endRecord() {
    if (state != State.FIELD_START || field.size() > 0) {
      endField();
    }
    recordNumber++;
    sink.accept(
        new CsvRecord(
            recordNumber, recordLine, error == null ? List.copyOf(fields) : List.of(), error));
    reset();
  }

  private void reset() {
    fields = new ArrayList<>();
    field.reset();
    error = null;
    recordBytes = 0;
    state = State.FIELD_START;
  }

  private void fail(String why) {
    if (error == null) {
      error = why;
    }
    field.reset();
  }

  /** Parses a whole small file (configuration tables), for convenience. */
  public static List<CsvRecord> parseAll(byte[] content) {
    List<CsvRecord> out = new ArrayList<>();
    CsvPushParser p = new CsvPushParser(64 * 1024, 256, out::add);
    p.feed(content);
    p.finish();
    return out;
  }
}
