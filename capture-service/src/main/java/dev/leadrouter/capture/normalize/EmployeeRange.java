package dev.leadrouter.capture.normalize;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Company-size answers from forms ("51-200", "1k+", "10,000+", "< 10", "Self-employed") to one
 * number for {@code Company.employee_count}.
 *
 * <p>A range becomes its <b>lower bound</b>: it is the only figure the answer guarantees, and it
 * keeps segment rules honest ("employee_count >= 200" should not fire for "51-200", which a
 * midpoint of 125 would not either, but "201-500" at midpoint 350 would wrongly pass a ">= 300"
 * rule). "Under 10" becomes 1.
 */
public final class EmployeeRange {
  private static final Pattern NUMBER =
      Pattern.compile("(\\d{1,3}(?:[,.' ]\\d{3})+|\\d+(?:\\.\\d+)?)\\s*([km])?(?![a-z])");
  private static final Pattern BELOW =
      Pattern.compile("^(?:<|less than|under|fewer than|up to|max)");

  public OptionalInt parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return OptionalInt.empty();
    }
    String s = raw.strip().toLowerCase(Locale.ROOT).replace('–', '-').replace('—', '-');
    if (s.startsWith("self") || s.equals("just me") || s.equals("solo")) {
      return OptionalInt.of(1);
    }
    Matcher m = NUMBER.matcher(s);
    if (!m.find()) {
      return OptionalInt.empty();
    }
    long value = value(m.group(1), m.group(2));
    if (BELOW.matcher(s).find()) {
      value = 1;
    }
    if (value <= 0 || value > Integer.MAX_VALUE) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) value);
  }

  private static long value(String digits, String suffix) {
    double n;
    if (digits.matches("\\d{1,3}(?:[,.' ]\\d{3})+")) {
      n = Long.parseLong(digits.replaceAll("[,.' ]", "")); // thousands separators: 10,000 / 10.000
    } else {
      n = Double.parseDouble(digits);
    }
    if ("k".equals(suffix)) {
      n *= 1_000;
    } else if ("m".equals(suffix)) {
      n *= 1_000_000;
    }
    return Math.round(n);
  }
}
