package dev.leadrouter.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Protobuf messages as plain maps and lists (their proto3 JSON form, every field present), which is
 * what the templates read: {@code ${a.trace.candidates}}.
 */
public final class ProtoMaps {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

  private ProtoMaps() {}

  public static Map<String, Object> of(MessageOrBuilder message) {
    try {
      return JSON.readValue(PRINTER.print(message), new TypeReference<>() {});
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Map<String, Object>> of(List<? extends MessageOrBuilder> messages) {
    return messages.stream().map(ProtoMaps::of).toList();
  }

  /** JSON text for a data attribute (charts read it). */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
