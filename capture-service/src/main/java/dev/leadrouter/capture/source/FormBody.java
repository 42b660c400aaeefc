package dev.leadrouter.capture.source;

import dev.leadrouter.runtime.errors.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body strictly: bad percent escapes and
 * invalid UTF-8 are refused (the JDK's URLDecoder would silently turn them into U+FFFD and store
 * garbage). A name sent several times (multi-select) keeps its values joined by ", ".
 */
public final class FormBody {
  static final int MAX_FIELDS = 200;

  private FormBody() {}

  public static Map<String, String> parse(byte[] body) {
    Map<String, String> fields = new LinkedHashMap<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '&') {
        if (i > start) {
          pair(fields, body, start, i);
        }
        start = i + 1;
      }
    }
    return fields;
  }

  private static void pair(Map<String, String> fields, byte[] body, int from, int to) {
    int eq = from;
    while (eq < to && body[eq] != '=') {
      eq++;
    }
    String name = decode(body, from, eq);
    String value = eq < to ? decode(body, eq + 1, to) : "";
    if (name.isEmpty()) {
      return;
    }
    if (!fields.containsKey(name) && fields.size() >= MAX_FIELDS) {
      throw new InvalidInputException("body", "more than " + MAX_FIELDS + " form fields");
    }
    fields.merge(name, value, (a, b) -> a.isEmpty() ? b : b.isEmpty() ? a : a + ", " + b);
  }

  private static String decode(byte[] body, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%') {
        if (i + 2 >= to
            || Character.digit(body[i + 1], 16) < 0
            || Character.digit(body[i + 2], 16) < 0) {
          throw new InvalidInputException("body", "malformed form encoding: bad %-escape");
        }
        out.write(Character.digit(body[i + 1], 16) * 16 + Character.digit(body[i + 2], 16));
        i += 2;
      } else {
        out.write(b);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("body", "not valid UTF-8");
    }
  }
}
