package dev.leadrouter.routing.matrix;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String literals compared with a field capture-service normalizes, in a form the field never has:
 * {@code lead.location.country_code == 'us'} can never be true because country codes are stored as
 * upper-case ISO codes. CEL compiles such a condition happily, so publishing warns about it.
 */
final class NormalizedLiterals {
  private NormalizedLiterals() {}

  private record Field(String path, Pattern form, String description) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field(
              "lead.location.country_code",
              Pattern.compile("[A-Z]{2}"),
              "an upper-case ISO 3166-1 code like 'US'"),
          new Field(
              "lead.location.region_code",
              Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}"),
              "an upper-case ISO 3166-2 code like 'US-CA'"),
          new Field(
              "lead.company.domain",
              Pattern.compile("[^A-Z\\s]+"),
              "a lower-case domain like 'example.com'"));

  private static final String LITERAL = "(?:'([^']*)'|\"([^\"]*)\")";

  /** Adds a warning for each literal in {@code condition} a normalized field can never equal. */
  static void check(String where, String condition, List<String> warnings) {
    for (Field f : FIELDS) {
      String field = Pattern.quote(f.path());
      // field == 'x', field != 'x', 'x' == field
      Matcher eq =
          Pattern.compile(
                  field + "\\s*[!=]=\\s*" + LITERAL + "|" + LITERAL + "\\s*[!=]=\\s*" + field)
              .matcher(condition);
      while (eq.find()) {
        for (int g = 1; g <= 4; g++) {
          warnIfNever(where, f, eq.group(g), warnings);
        }
      }
      // field in ['x', 'y']
      Matcher in = Pattern.compile(field + "\\s+in\\s+\\[([^\\]]*)\\]").matcher(condition);
      while (in.find()) {
        Matcher lit = Pattern.compile(LITERAL).matcher(in.group(1));
        while (lit.find()) {
          warnIfNever(where, f, lit.group(1) != null ? lit.group(1) : lit.group(2), warnings);
        }
      }
    }
  }

  private static void warnIfNever(String where, Field f, String literal, List<String> warnings) {
    if (literal != null && !f.form().matcher(literal).matches()) {
      warnings.add(
          where
              + " compares "
              + f.path()
              + " with '"
              + literal
              + "', which it never equals: leads store it as "
              + f.description());
    }
  }
}
