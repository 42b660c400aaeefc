package dev.leadrouter.capture.lead;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.input.StrictJson;
import dev.leadrouter.v1.Lead;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a lead from the JSON body of {@code POST /v1/leads}: the protobuf JSON mapping of {@code
 * leadrouter.v1.Lead} (lowerCamel or snake_case names). Unknown fields are rejected rather than
 * dropped, so a typo in a form integration shows up at once instead of as missing data.
 */
public final class LeadJson {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  public Lead parse(byte[] body) {
    String text = strictUtf8(body);
    if (text.isBlank()) {
      throw new InvalidInputException("body", "empty body; send a JSON lead");
    }
    // Protobuf's JSON reader (Gson) accepts trailing content and lone surrogates and recurses
    // without bound; nothing reaches it that StrictJson refused.
    try {
      StrictJson.check(body, "body");
    } catch (InvalidInputException e) {
      throw asLeadJson(e);
    }
    Lead.Builder builder = Lead.newBuilder();
    try {
      PARSER.merge(text, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new InvalidInputException("body", "malformed lead JSON: " + clean(e.getMessage()));
    }
    return builder.build();
  }

  private static String strictUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("body", "not valid UTF-8");
    }
  }

  private static InvalidInputException asLeadJson(InvalidInputException e) {
    return new InvalidInputException(
        e.violations().stream()
            .map(
                v ->
                    v.description().startsWith("malformed JSON: ")
                        ? new dev.leadrouter.runtime.errors.Violation(
                            v.field(),
                            "malformed lead JSON: "
                                + v.description().substring("malformed JSON: ".length()))
                        : v)
            .toList());
  }

  /** Parser messages can quote the input; keep them short so a body is never echoed back whole. */
  private static String clean(String message) {
    if (message == null) {
      return "unreadable";
    }
    // Parser messages may name their exception class; the caller needs the sentence only.
    String oneLine =
        message
            .replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error):\\s*", "")
            .replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
  }
}
