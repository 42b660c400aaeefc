package dev.leadrouter.capture.normalize;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Lookup keys for free-text names: lower case, accents and punctuation dropped, spaces collapsed. A
 * plain loop rather than regular expressions: the reference tables hold tens of thousands of names
 * in every script, all keyed at start-up.
 */
final class TextKey {
  private static final String PUNCTUATION = ".,'’()-_/&:;!?\"[]";

  private TextKey() {}

  static String of(String s) {
    String decomposed = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    boolean space = true; // drops leading spaces and collapses runs
    for (int i = 0; i < decomposed.length(); ) {
      int cp = decomposed.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.NON_SPACING_MARK
          || type == Character.ENCLOSING_MARK
          || type == Character.COMBINING_SPACING_MARK) {
        continue;
      }
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || PUNCTUATION.indexOf(cp) >= 0) {
        if (!space) {
          out.append(' ');
          space = true;
        }
        continue;
      }
      out.appendCodePoint(cp);
      space = false;
    }
    int end = out.length();
    return end > 0 && out.charAt(end - 1) == ' ' ? out.substring(0, end - 1) : out.toString();
  }
}
