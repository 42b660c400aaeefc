package dev.leadrouter.capture.normalize;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Lookup keys for free-text names: lower case, accents and punctuation dropped, spaces collapsed.
 */
final class TextKey {
  private static final Pattern MARKS = Pattern.compile("\\p{M}");
  private static final Pattern PUNCTUATION = Pattern.compile("[.,'’()\\-_/&]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private TextKey() {}

  static String of(String s) {
    String folded = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    String spaced = PUNCTUATION.matcher(folded.toLowerCase(Locale.ROOT)).replaceAll(" ");
    return SPACES.matcher(spaced).replaceAll(" ").strip();
  }
}
