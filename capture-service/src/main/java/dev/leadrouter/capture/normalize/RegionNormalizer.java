package dev.leadrouter.capture.normalize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * State, province and similar names or codes to ISO 3166-2 ("California", "ca", "Calif." in the US
 * are all {@code US-CA}), from {@code /capture/regions.txt}. Codes are only meaningful within a
 * country ("WA" is Washington in the US and Western Australia in AU), so a bare code needs the
 * lead's country; a full name or an "XX-YY" code also works without one when it is unambiguous.
 */
public final class RegionNormalizer {
  private static final Pattern ISO = Pattern.compile("^([A-Z]{2})-([A-Z0-9]{1,3})$");

  /** A known subdivision. */
  public record Region(String code, String countryCode, String timeZone) {}

  private final Map<String, Region> byCode = new HashMap<>(); // "US-CA"
  private final Map<String, Region> byCountryAndKey = new HashMap<>(); // "US|california", "US|ca"
  private final Map<String, List<Region>> byName =
      new HashMap<>(); // "california" -> regions anywhere

  public RegionNormalizer() {
    for (String[] row : TableFile.read("/capture/regions.txt")) {
      Region r = new Region(row[0] + "-" + row[1], row[0], row[3]);
      byCode.put(r.code(), r);
      byCountryAndKey.put(row[0] + "|" + TextKey.of(row[1]), r);
      for (String name : row[2].split(";", -1)) {
        byCountryAndKey.put(row[0] + "|" + TextKey.of(name), r);
        List<Region> named = byName.computeIfAbsent(TextKey.of(name), k -> new ArrayList<>());
        if (!named.contains(r)) {
          named.add(r);
        }
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
    var iso = ISO.matcher(upper);
    if (iso.matches()) {
      Region known = byCode.get(upper);
      return Optional.of(known != null ? known : new Region(upper, iso.group(1), ""));
    }
    String key = TextKey.of(raw);
    if (countryCode != null && !countryCode.isEmpty()) {
      return Optional.ofNullable(byCountryAndKey.get(countryCode + "|" + key));
    }
    List<Region> named = byName.getOrDefault(key, List.of());
    return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
  }

  /** The zone of a known subdivision, or empty. */
  public String timeZoneOf(String regionCode) {
    Region r = byCode.get(regionCode);
    return r == null ? "" : r.timeZone();
  }
}
