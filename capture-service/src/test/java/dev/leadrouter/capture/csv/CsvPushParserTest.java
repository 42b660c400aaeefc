package dev.leadrouter.capture.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvPushParserTest {
  private static List<CsvRecord> parse(byte[] input, int chunk) {
    List<CsvRecord> out = new ArrayList<>();
    CsvPushParser p = new CsvPushParser(64, 5, out::add);
    for (int i = 0; i < input.length; i += chunk) {
      p.feed(java.util.Arrays.copyOfRange(input, i, Math.min(input.length, i + chunk)));
    }
    p.finish();
    return out;
  }

  @Test
  void sameRecordsWhateverTheChunking() {
    byte[] csv =
        ("\uFEFFemail,name\r\n\"a@b.co\",\"Lovelace, Ada\"\n\nx@y.io,\"say \"\"hi\"\"\nthere\"\nzoë@e.de,\n,")
            .getBytes(StandardCharsets.UTF_8);
    for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
      assertThat(parse(csv, chunk))
          .as("chunk %d", chunk)
          .containsExactly(
              new CsvRecord(1, 1, List.of("email", "name"), null),
              new CsvRecord(2, 2, List.of("a@b.co", "Lovelace, Ada"), null),
              new CsvRecord(3, 4, List.of("x@y.io", "say \"hi\"\nthere"), null),
              new CsvRecord(4, 6, List.of("zoë@e.de", ""), null),
              new CsvRecord(5, 7, List.of("", ""), null));
    }
  }

  @Test
  void damageStaysInItsRecord() {
    byte[] bad = {'a', ',', (byte) 0xC3, '(', '\n'};
    byte[] csv =
        concat(
            "h1,h2\n".getBytes(),
            bad,
            "x\"y,z\n".getBytes(),
            ("q," + "w".repeat(70) + "\n").getBytes(),
            "1,2,3,4,5,6\n\"a\"b,c\nok,fine\n\"open".getBytes());
    List<CsvRecord> r = parse(csv, 4);
    assertThat(r)
        .extracting(CsvRecord::error)
        .containsExactly(
            null,
            "not valid UTF-8",
            "a quote inside an unquoted field",
            "row longer than 64 bytes",
            "more than 5 fields",
            "unexpected character after a closing quote",
            null,
            "unterminated quoted field");
    assertThat(r.get(6).fields()).containsExactly("ok", "fine");
  }

  private static byte[] concat(byte[]... parts) {
    var out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
