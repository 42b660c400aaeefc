package dev.leadrouter.capture.normalize;

import java.util.Locale;
import java.util.Set;

/**
 * Person names as people write them: trimmed, inner whitespace collapsed, and names typed all in
 * lower or all in upper case ("ada LOVELACE" parts, "JEAN-LUC") turned into capitalized words.
 * Names with deliberate mixed case ("McDonald", "DeVries", "McDONALD") are left alone: we cannot
 * know better than the person.
 */
public final class NameCase {
  private static final Set<String> PARTICLES =
      Set.of(
          "van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "y",
          "bin", "al");

  public String normalize(String raw) {
    if (raw == null) {
      return "";
    }
    String s = raw.strip().replaceAll("\\s+", " ");
    boolean hasLetters = s.chars().anyMatch(Character::isLetter);
    boolean single = s.equals(s.toLowerCase(Locale.ROOT)) || s.equals(s.toUpperCase(Locale.ROOT));
    if (!hasLetters || !single || !hasCase(s)) {
      return s;
    }
    String[] words = s.toLowerCase(Locale.ROOT).split(" ", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(i > 0 && PARTICLES.contains(words[i]) ? words[i] : capitalizeParts(words[i]));
    }
    return out.toString();
  }

  /**
   * Upper case after start, '-' and an apostrophe: "o'brien" is O'Brien, "jean-luc" is Jean-Luc.
   */
  private static String capitalizeParts(String word) {
    StringBuilder b = new StringBuilder(word.length());
    boolean upperNext = true;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      b.appendCodePoint(upperNext ? Character.toTitleCase(cp) : cp);
      upperNext = cp == '-' || cp == '\'' || cp == '’';
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  /** Scripts without case (東京) stay as they are. */
  private static boolean hasCase(String s) {
    return !s.toLowerCase(Locale.ROOT).equals(s.toUpperCase(Locale.ROOT));
  }
}
