package dev.leadrouter.capture.normalize;

import java.util.HashMap;
import java.util.Map;

/**
 * A lead's IANA time zone when the source gave none: from the region (most precise), else from a
 * single-zone country, else from the country of the phone number. Multi-zone countries without a
 * known region get no zone: an empty zone is better than a wrong one for "call within working
 * hours" rules.
 */
public final class TimeZoneGuess {
  private final RegionNormalizer regions;
  private final PhoneNormalizer phones;
  private final Map<String, String> byCountry = new HashMap<>();

  public TimeZoneGuess(RegionNormalizer regions, PhoneNormalizer phones) {
    this.regions = regions;
    this.phones = phones;
    for (String[] row : TableFile.read("/capture/country-time-zones.txt")) {
      byCountry.put(row[0], row[1]);
    }
  }

  /**
   * Guesses the lead's time zone from the most precise place known.
   *
   * @param regionCode normalized ISO 3166-2 code or empty
   * @param countryCode normalized alpha-2 code or empty
   * @param phoneE164 normalized phone or empty
   * @return an IANA zone id, or empty
   */
  public String guess(String regionCode, String countryCode, String phoneE164) {
    String zone = regions.timeZoneOf(regionCode);
    if (zone.isEmpty()) {
      zone = byCountry.getOrDefault(countryCode, "");
    }
    if (zone.isEmpty() && phoneE164.startsWith("+")) {
      zone = byCountry.getOrDefault(phones.countryOf(phoneE164), "");
    }
    return zone;
  }
}
