package dev.leadrouter.capture.normalize;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A configured list of canonical values (product interests, source ids) with the synonyms people
 * and tools send for them: "Sec", "Security Suite" and " security" all become {@code security}, so
 * a routing rule on {@code 'security'} sees every one of them.
 *
 * <p>Matching ignores case, accents, spacing and punctuation. A value that is not in the list is
 * kept, cleaned (trimmed, lower case; for source ids also reduced to a-z, 0-9 and '-'), and
 * reported unknown so the lead can be flagged and the list completed. Without a configured list
 * nothing is unknown: values are only cleaned.
 */
public final class Vocabulary {
  /** Canonical or cleaned value, and whether the configured list knows it. */
  public record Term(String value, boolean known) {}

  private final Map<String, String> byKey;
  private final boolean configured;
  private final boolean slug;

  private Vocabulary(Map<String, String> byKey, boolean configured, boolean slug) {
    this.byKey = Map.copyOf(byKey);
    this.configured = configured;
    this.slug = slug;
  }

  /** No list: values are cleaned, never unknown. */
  public static Vocabulary none(boolean slug) {
    return new Vocabulary(Map.of(), false, slug);
  }

  /**
   * @param synonyms canonical value to the other spellings that mean it
   * @param alsoKnown more canonical values without synonyms (e.g. configured source ids)
   * @param slug clean unknown values to a-z, 0-9 and '-' (source ids)
   * @throws IllegalStateException when one spelling would mean two canonical values
   */
  public static Vocabulary of(
      Map<String, List<String>> synonyms, Set<String> alsoKnown, boolean slug) {
    Map<String, String> byKey = new HashMap<>();
    for (String canonical : alsoKnown) {
      byKey.put(key(canonical), canonical);
    }
    synonyms.forEach(
        (canonical, others) -> {
          put(byKey, key(canonical), canonical);
          others.forEach(o -> put(byKey, key(o), canonical));
        });
    return new Vocabulary(byKey, true, slug);
  }

  private static void put(Map<String, String> byKey, String key, String canonical) {
    String before = byKey.put(key, canonical);
    if (before != null && !before.equals(canonical)) {
      throw new IllegalStateException(
          "'" + key + "' would mean both '" + before + "' and '" + canonical + "'");
    }
  }

  public boolean configured() {
    return configured;
  }

  public Term canonical(String raw) {
    String found = byKey.get(key(raw));
    if (found != null) {
      return new Term(found, true);
    }
    return new Term(clean(raw), !configured);
  }

  private String clean(String raw) {
    String s =
        Normalizer.normalize(raw, Normalizer.Form.NFKC)
            .strip()
            .replaceAll("\\s+", " ")
            .toLowerCase(Locale.ROOT);
    if (slug) {
      String slugged = s.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
      return slugged.isEmpty() ? s : slugged;
    }
    return s;
  }

  private static String key(String s) {
    return TextKey.of(Normalizer.normalize(s, Normalizer.Form.NFKC));
  }
}
