package dev.leadrouter.runtime.input;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one rule every door applies to what a caller sends, whatever the transport: text holds no NUL
 * character and no lone UTF-16 surrogate (PostgreSQL cannot store the first, and the second would
 * be stored as {@code ?}), and timestamps and durations are within the range protobuf defines
 * (years 0001 to 9999), so no later conversion fails. A message that breaks it is refused whole
 * with a violation naming each field; nothing is stripped silently.
 */
public final class InputRule {
  private static final int MAX_VIOLATIONS = 20;

  private InputRule() {}

  /**
   * @throws InvalidInputException naming every offending field (path from {@code root})
   */
  public static void check(MessageOrBuilder message, String root) {
    List<Violation> violations = new ArrayList<>();
    walk(message, root, violations);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
  }

  /**
   * {@link #check} for a message protobuf has just decoded from the wire (a gRPC request). Its
   * parser already refused invalid UTF-8 (every leadrouter file is proto3), so no lone surrogate
   * can be in it, and the rest is looked for in its encoded form; only a message that breaks the
   * rule is walked field by field, to name the fields.
   *
   * @throws InvalidInputException naming every offending field
   */
  public static void checkDecoded(Message message) {
    if (!EncodedScan.clean(message)) {
      check(message, "");
    }
  }

  /**
   * @throws InvalidInputException when {@code value} breaks the rule
   */
  public static void checkText(String field, String value) {
    String problem = textProblem(value);
    if (problem != null) {
      throw new InvalidInputException(field, problem);
    }
  }

  /** What is wrong with a text value, or null. */
  public static String textProblem(String value) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\u0000') {
        return "must not contain NUL characters";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          return "is not valid Unicode (a lone surrogate)";
        }
      } else if (Character.isLowSurrogate(c)) {
        return "is not valid Unicode (a lone surrogate)";
      }
    }
    return null;
  }

  private static void walk(MessageOrBuilder message, String path, List<Violation> out) {
    if (message instanceof Timestamp ts) {
      if (!Timestamps.isValid(ts)) {
        add(out, path, "is outside the supported range (years 0001 to 9999)");
      }
      return;
    }
    if (message instanceof Duration d) {
      if (!Durations.isValid(d)) {
        add(out, path, "is outside the supported range (about +-10,000 years)");
      }
      return;
    }
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor field = e.getKey();
      String name = path.isEmpty() ? field.getName() : path + "." + field.getName();
      if (field.isRepeated()) {
        List<?> values = (List<?>) e.getValue();
        for (int i = 0; i < values.size(); i++) {
          value(field, values.get(i), field.isMapField() ? name : name + "[" + i + "]", out);
        }
      } else {
        value(field, e.getValue(), name, out);
      }
      if (out.size() >= MAX_VIOLATIONS) {
        return;
      }
    }
  }

  private static void value(FieldDescriptor field, Object value, String path, List<Violation> out) {
    if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
      String problem = textProblem((String) value);
      if (problem != null) {
        add(out, path, problem);
      }
    } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      walk((MessageOrBuilder) value, path, out);
    }
  }

  private static void add(List<Violation> out, String path, String problem) {
    if (out.size() < MAX_VIOLATIONS) {
      out.add(new Violation(path.isEmpty() ? "message" : path, problem));
    }
  }
}
