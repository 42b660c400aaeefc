package dev.leadrouter.routing.rules;

import dev.leadrouter.v1.Lead;
import java.util.List;
import java.util.Set;

/**
 * A named set of places reused across rules: whole countries, subdivisions, and postal-code
 * prefixes (written "CC:prefix", because postal codes only mean something within one country).
 */
public record Territory(
    String name, Set<String> countries, Set<String> regions, List<PostalPrefix> postalPrefixes) {
  public Territory {
    countries = Set.copyOf(countries);
    regions = Set.copyOf(regions);
    postalPrefixes = List.copyOf(postalPrefixes);
  }

  /** A postal-code prefix within one country, e.g. US 94 for the San Francisco Bay Area. */
  public record PostalPrefix(String countryCode, String prefix) {}

  public boolean contains(Lead lead) {
    var location = lead.getLocation();
    if (countries.contains(location.getCountryCode())
        || regions.contains(location.getRegionCode())) {
      return true;
    }
    String postal = location.getPostalCode().replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    for (PostalPrefix p : postalPrefixes) {
      if (p.countryCode().equals(location.getCountryCode()) && postal.startsWith(p.prefix())) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when membership depends on the country alone, so set containment can prove a rule
   * shadowed.
   */
  public boolean countriesOnly() {
    return regions.isEmpty() && postalPrefixes.isEmpty();
  }
}
