package dev.leadrouter.capture.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.Set;

/**
 * Country names, aliases and codes to ISO 3166-1 alpha-2: "usa", "United States of America",
 * "Deutschland", "DEU", "uk" all find their code. Built from the JDK's ISO data (alpha-2, alpha-3,
 * English names) plus {@code /capture/country-aliases.txt} for what people actually type.
 */
public final class CountryNormalizer {
  private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());
  private static final Map<String, String> BY_KEY = build();

  private static Map<String, String> build() {
    Map<String, String> byKey = new HashMap<>();
    for (String code : ALPHA2) {
      Locale locale = new Locale("", code);
      byKey.put(TextKey.of(locale.getDisplayCountry(Locale.ENGLISH)), code);
      try {
        byKey.put(TextKey.of(locale.getISO3Country()), code);
      } catch (MissingResourceException e) {
        // a few codes have no alpha-3 in the JDK; their names still resolve
      }
    }
    for (String[] row : TableFile.read("/capture/country-aliases.txt")) {
      byKey.put(TextKey.of(row[0]), row[1]);
    }
    return Map.copyOf(byKey);
  }

  /** The alpha-2 code, or empty when the text names no country we know. */
  public Optional<String> normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String s = raw.strip();
    if (s.length() == 2 && ALPHA2.contains(s.toUpperCase(Locale.ROOT))) {
      return Optional.of(s.toUpperCase(Locale.ROOT));
    }
    String key = TextKey.of(s);
    String found = BY_KEY.get(key);
    if (found == null && key.startsWith("the ")) {
      found = BY_KEY.get(key.substring(4));
    }
    return Optional.ofNullable(found);
  }

  public static boolean isCode(String code) {
    return ALPHA2.contains(code);
  }
}
