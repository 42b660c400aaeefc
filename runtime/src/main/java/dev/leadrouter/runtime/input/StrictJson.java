package dev.leadrouter.runtime.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.leadrouter.runtime.errors.InvalidInputException;
import java.io.IOException;

/**
 * The JSON every door accepts, checked before any body is mapped: exactly one value (nothing after
 * it), no duplicate keys at any level, nesting at most {@link #MAX_DEPTH} deep, no raw control
 * characters in strings, and no string or key breaking {@link InputRule} (NUL, lone surrogates). A
 * streaming pass with jackson-core: no tree is built, so depth cannot exhaust the stack, and the
 * caller's message names the position, never a parser class.
 */
public final class StrictJson {
  public static final int MAX_DEPTH = 32;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(1_000_000)
                  .maxNumberLength(100)
                  .build())
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private StrictJson() {}

  /**
   * @param field the field the violation names (e.g. {@code body})
   * @throws InvalidInputException when the JSON breaks a rule above
   */
  public static void check(byte[] json, String field) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() == null) {
        throw new InvalidInputException(field, "empty body; send one JSON value");
      }
      scan(parser, field);
      if (parser.nextToken() != null) {
        throw new InvalidInputException(
            field, "unexpected content after the JSON value" + at(parser.currentTokenLocation()));
      }
    } catch (StreamConstraintsException e) {
      throw new InvalidInputException(field, "JSON nested deeper than " + MAX_DEPTH + " levels");
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(field, describe(e) + at(e.getLocation()));
    } catch (IOException e) {
      throw new InvalidInputException(field, "unreadable JSON");
    }
  }

  /** Walks the value the parser is on, checking every key and string. */
  private static void scan(JsonParser parser, String field) throws IOException {
    int depth = 0;
    do {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        depth++;
      } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        depth--;
      } else if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
        String problem = InputRule.textProblem(parser.getText());
        if (problem != null) {
          // Named as the caller wrote it (contact.firstName), so they can find it.
          String path =
              token == JsonToken.FIELD_NAME
                  ? pathOf(parser.getParsingContext().getParent())
                  : pathOf(parser.getParsingContext());
          throw new InvalidInputException(
              path.isEmpty() ? field : path,
              (token == JsonToken.FIELD_NAME ? "a key " : "")
                  + problem
                  + at(parser.currentTokenLocation()));
        }
      }
      if (depth == 0) {
        return;
      }
    } while (parser.nextToken() != null);
    throw new InvalidInputException(field, "the JSON value is incomplete");
  }

  /** The dotted path of the current value, e.g. {@code contact.firstName} or {@code fields.0}. */
  private static String pathOf(com.fasterxml.jackson.core.JsonStreamContext context) {
    if (context == null) {
      return "";
    }
    String pointer = context.pathAsPointer().toString();
    return pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.');
  }

  /** The parser's own words without its exception class or the quoted input. */
  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return "malformed JSON";
    }
    if (message.startsWith("Duplicate field")) {
      return "malformed JSON: a key appears twice in one object";
    }
    // Jackson appends where it is ("[Source: ...", "(start marker at ..."): we give the line and
    // column ourselves.
    String firstLine =
        message
            .split("\n", 2)[0]
            .replaceAll("\\s*\\(start marker at.*$", "")
            .replaceAll("\\s*at \\[Source.*$", "");
    return "malformed JSON: "
        + (firstLine.length() > 120 ? firstLine.substring(0, 120) + "..." : firstLine);
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
