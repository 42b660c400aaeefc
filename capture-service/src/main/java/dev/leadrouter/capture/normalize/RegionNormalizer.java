package dev.leadrouter.capture.normalize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Subdivision names or codes to ISO 3166-2 for every country: "California", "ca", "Calif." in the
 * US are {@code US-CA}; "Bayern", "Bavaria", "Бавария" and "BY" in DE are {@code DE-BY}; "東京" in JP
 * is {@code JP-13}.
 *
 * <p>Codes and names come from {@code /capture/iso-3166-2.txt}, generated from Debian's iso-codes
 * data (the ISO names and their translations into about 60 languages; see the NOTICE file beside
 * it); {@code /capture/regions.txt} adds abbreviations people type and time zones. Codes are only
 * meaningful within a country ("WA" is Washington in the US and Western Australia in AU), so a bare
 * code needs the lead's country; a name or an "XX-YY" code also works without one when it is
 * unambiguous. Within a country, a top-level subdivision wins a name it shares with a lower one.
 */
public final class RegionNormalizer {
  private static final Pattern ISO = Pattern.compile("^([A-Z]{2})-([A-Z0-9]{1,3})$");

  /** A known subdivision; timeZone is empty when the overlay has none for it. */
  public record Region(String code, String countryCode, String timeZone) {}

  private final Map<String, Region> byCode;
  private final Map<String, Region> byCountryAndKey;
  private final Map<String, Set<Region>> byName;

  /** The tables are read once per process: about 50,000 names, shared by every instance. */
  public RegionNormalizer() {
    this.byCode = Index.INSTANCE.byCode;
    this.byCountryAndKey = Index.INSTANCE.byCountryAndKey;
    this.byName = Index.INSTANCE.byName;
  }

  private static final class Index {
    static final Index INSTANCE = new Index();
    final Map<String, Region> byCode = new HashMap<>(); // "US-CA"
    final Map<String, Region> byCountryAndKey = new HashMap<>(); // "US|california", "US|ca"
    final Map<String, Set<Region>> byName = new HashMap<>(); // "california" -> anywhere

    Index() {
      List<String[]> overlay = TableFile.read("/capture/regions.txt");
      List<String[]> iso = TableFile.read("/capture/iso-3166-2.txt");
      Map<String, String> zones = new HashMap<>();
      for (String[] row : overlay) {
        zones.put(row[0] + "-" + row[1], row[3]);
      }
      for (String[] row : iso) {
        String code = row[0];
        byCode.put(code, new Region(code, code.substring(0, 2), zones.getOrDefault(code, "")));
      }
      for (String[] row : overlay) {
        String code = row[0] + "-" + row[1];
        byCode.putIfAbsent(code, new Region(code, row[0], row[3]));
        index(byCode.get(code), List.of(row[2].split(";")));
      }
      // codes first, then official names, then translations, top-level subdivisions before others
      for (String[] row : iso) {
        byCountryAndKey.putIfAbsent(
            row[0].substring(0, 2) + "|" + TextKey.of(row[0].substring(3)), byCode.get(row[0]));
      }
      for (int pass = 0; pass < 4; pass++) {
        boolean translations = pass >= 2;
        boolean topLevel = pass % 2 == 0;
        for (String[] row : iso) {
          if (row[1].isEmpty() == topLevel) {
            List<String> names = List.of(row[2].split(";"));
            index(
                byCode.get(row[0]),
                translations ? names.subList(1, names.size()) : names.subList(0, 1));
          }
        }
      }
    }

    private void index(Region r, List<String> names) {
      for (String name : names) {
        String key = TextKey.of(name);
        if (key.isEmpty()) {
          continue;
        }
        byCountryAndKey.putIfAbsent(r.countryCode() + "|" + key, r);
        byName.computeIfAbsent(key, k -> new HashSet<>()).add(r);
      }
    }
  }

  /**
   * Finds the subdivision a region's code or name (in any case or accent) stands for.
   *
   * @param countryCode the lead's normalized alpha-2 country, or empty
   * @return the subdivision, or empty when the text is not one we know
   */
  public Optional<Region> normalize(String raw, String countryCode) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String upper = raw.strip().toUpperCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    if (ISO.matcher(upper).matches()) {
      Region known = byCode.get(upper);
      if (known != null
          && (countryCode == null
              || countryCode.isEmpty()
              || known.countryCode().equals(countryCode))) {
        return Optional.of(known);
      }
    }
    String key = TextKey.of(raw);
    if (countryCode != null && !countryCode.isEmpty()) {
      return Optional.ofNullable(byCountryAndKey.get(countryCode + "|" + key));
    }
    List<Region> named = new ArrayList<>(byName.getOrDefault(key, Set.of()));
    return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
  }

  /** The zone of a known subdivision, or empty. */
  public String timeZoneOf(String regionCode) {
    Region r = byCode.get(regionCode);
    return r == null ? "" : r.timeZone();
  }
}
