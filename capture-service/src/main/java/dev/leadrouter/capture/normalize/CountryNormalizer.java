package dev.leadrouter.capture.normalize;

import com.ibm.icu.util.Region;
import com.ibm.icu.util.ULocale;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Country names, aliases and codes to ISO 3166-1 alpha-2, for the whole world and in every major
 * language and script: "Deutschland", "Allemagne", "Германия", "ドイツ", "ألمانيا", "DEU", "276" and
 * "uk" all find their code.
 *
 * <p>Names come from ICU's copy of the Unicode CLDR (the country's display name in each of the
 * several hundred languages ICU carries); codes, alpha-3, numeric codes and retired aliases ("UK")
 * from ICU's region data; {@code /capture/country-aliases.txt} adds what people type that no
 * standard lists ("usa", "holland", "england"). A name that means different countries in different
 * languages (CLDR has a handful, e.g. "Kongo") is left out unless the alias file settles it.
 */
public final class CountryNormalizer {
  private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());
  private static final Map<String, String> BY_KEY = build();

  private static Map<String, String> build() {
    Map<String, String> byKey = new HashMap<>();
    Set<String> ambiguous = new HashSet<>();
    for (ULocale language : languages()) {
      for (String code : ALPHA2) {
        String name = new ULocale("und_" + code).getDisplayCountry(language);
        if (name.isEmpty() || name.equals(code)) {
          continue;
        }
        String key = TextKey.of(name);
        String before = byKey.putIfAbsent(key, code);
        if (before != null && !before.equals(code)) {
          ambiguous.add(key);
        }
      }
    }
    ambiguous.forEach(byKey::remove);
    for (String code : ALPHA2) {
      String alpha3 = new ULocale("und_" + code).getISO3Country();
      if (!alpha3.isEmpty()) {
        byKey.put(TextKey.of(alpha3), code);
      }
    }
    for (String[] row : TableFile.read("/capture/country-aliases.txt")) {
      byKey.put(TextKey.of(row[0]), row[1]);
    }
    return Map.copyOf(byKey);
  }

  /** One locale per language and script: regional variants repeat their language's names. */
  private static Set<ULocale> languages() {
    Set<ULocale> out = new HashSet<>();
    for (ULocale l : ULocale.getAvailableLocales()) {
      out.add(new ULocale(l.getLanguage() + (l.getScript().isEmpty() ? "" : "_" + l.getScript())));
    }
    return out;
  }

  /** The alpha-2 code, or empty when the text names no country we know. */
  public Optional<String> normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String s = raw.strip();
    String upper = s.toUpperCase(Locale.ROOT);
    if (s.length() == 2 && ALPHA2.contains(upper)) {
      return Optional.of(upper);
    }
    String key = TextKey.of(s);
    String found = BY_KEY.get(key);
    if (found == null && key.startsWith("the ")) {
      found = BY_KEY.get(key.substring(4));
    }
    if (found == null && (upper.matches("[0-9]{3}") || upper.matches("[A-Z]{2}"))) {
      found = fromRegionData(upper); // numeric (276) and retired (UK) codes
    }
    return Optional.ofNullable(found);
  }

  private static String fromRegionData(String code) {
    try {
      Region region = Region.getInstance(code);
      if (region.getType() == Region.RegionType.DEPRECATED) {
        var preferred = region.getPreferredValues();
        region = preferred != null && preferred.size() == 1 ? preferred.get(0) : region;
      }
      return region.getType() == Region.RegionType.TERRITORY && ALPHA2.contains(region.toString())
          ? region.toString()
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static boolean isCode(String code) {
    return ALPHA2.contains(code);
  }
}
