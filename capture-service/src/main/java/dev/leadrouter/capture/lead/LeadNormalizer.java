package dev.leadrouter.capture.lead;

import dev.leadrouter.capture.normalize.CompanyDomain;
import dev.leadrouter.capture.normalize.CountryNormalizer;
import dev.leadrouter.capture.normalize.NameCase;
import dev.leadrouter.capture.normalize.PhoneNormalizer;
import dev.leadrouter.capture.normalize.RegionNormalizer;
import dev.leadrouter.capture.normalize.TimeZoneGuess;
import dev.leadrouter.v1.Lead;
import java.util.Locale;

/**
 * Puts a lead's fields into the canonical form routing rules and deduplication rely on, by running
 * the small functions in {@code capture/normalize}: names trimmed and cased, lower-case email,
 * E.164 phone (country as hint), ISO country and region codes, company domain from the website or a
 * company email, and a time zone when none was given.
 *
 * <p>Messy geography is not a reason to refuse a lead: a country or region we cannot recognize is
 * moved to the attributes {@code country_raw} / {@code region_raw} and the lead is flagged ({@code
 * country_unrecognized}, {@code region_unrecognized}) so a person can fix it. Phone and email stay
 * strict because deduplication and reaching the contact depend on them.
 */
public final class LeadNormalizer {
  private static final PhoneNormalizer PHONES = new PhoneNormalizer();
  private final CountryNormalizer countries = new CountryNormalizer();
  private final RegionNormalizer regions = new RegionNormalizer();
  private final CompanyDomain domains = new CompanyDomain();
  private final NameCase names = new NameCase();
  private final TimeZoneGuess timeZones = new TimeZoneGuess(regions, PHONES);

  public Lead normalize(Lead in) {
    Lead.Builder b = in.toBuilder();
    var contact = b.getContactBuilder();
    contact
        .setFirstName(names.normalize(contact.getFirstName()))
        .setLastName(names.normalize(contact.getLastName()))
        .setEmail(contact.getEmail().strip().toLowerCase(Locale.ROOT))
        .setTitle(contact.getTitle().strip().replaceAll("\\s+", " "))
        .setLanguage(contact.getLanguage().strip());
    normalizeLocation(b);
    normalizePhone(b);
    normalizeCompany(b);
    var location = b.getLocationBuilder();
    location
        .setCity(location.getCity().strip())
        .setPostalCode(location.getPostalCode().strip())
        .setTimeZone(location.getTimeZone().strip());
    if (location.getTimeZone().isEmpty()) {
      location.setTimeZone(
          timeZones.guess(location.getRegionCode(), location.getCountryCode(), contact.getPhone()));
    }
    return b.build();
  }

  private void normalizeLocation(Lead.Builder b) {
    var location = b.getLocationBuilder();
    String rawCountry = location.getCountryCode().strip();
    String country = countries.normalize(rawCountry).orElse("");
    if (country.isEmpty() && !rawCountry.isEmpty()) {
      unrecognized(b, "country", rawCountry);
    }
    String rawRegion = location.getRegionCode().strip();
    var region = regions.normalize(rawRegion, country);
    if (region.isPresent()) {
      location.setRegionCode(region.get().code());
      if (country.isEmpty()) {
        country = region.get().countryCode();
      }
    } else {
      location.setRegionCode("");
      if (!rawRegion.isEmpty()) {
        unrecognized(b, "region", rawRegion);
      }
    }
    b.getLocationBuilder().setCountryCode(country);
  }

  private static void unrecognized(Lead.Builder b, String what, String raw) {
    b.putAttributes(what + "_raw", raw.length() > 1024 ? raw.substring(0, 1024) : raw);
    addFlag(b, what + "_unrecognized");
  }

  private static void normalizePhone(Lead.Builder b) {
    var contact = b.getContactBuilder();
    PhoneNormalizer.Result phone =
        PHONES.normalize(contact.getPhone(), b.getLocation().getCountryCode());
    contact.setPhone(phone.number());
    if (!phone.extension().isEmpty()) {
      b.putAttributes("phone_extension", phone.extension());
    }
    if (!phone.verified() && !phone.number().isEmpty()) {
      addFlag(b, "phone_unverified");
    }
  }

  private void normalizeCompany(Lead.Builder b) {
    var company = b.getCompanyBuilder();
    company
        .setName(company.getName().strip().replaceAll("\\s+", " "))
        .setWebsite(company.getWebsite().strip());
    String given = company.getDomain().strip();
    String domain =
        domains
            .fromWebsite(given)
            .or(() -> domains.fromWebsite(company.getWebsite()))
            .or(() -> domains.fromEmail(b.getContact().getEmail()))
            .orElse(given.toLowerCase(Locale.ROOT));
    company.setDomain(domain);
  }

  static void addFlag(Lead.Builder b, String flag) {
    if (!b.getFlagsList().contains(flag)) {
      b.addFlags(flag);
    }
  }

  /** The phone clean-up without a country hint; kept for callers that only have the number. */
  static String phone(String raw) {
    return PHONES.normalize(raw, "").number();
  }
}
