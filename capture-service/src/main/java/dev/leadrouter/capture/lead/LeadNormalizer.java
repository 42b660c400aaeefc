package dev.leadrouter.capture.lead;

import dev.leadrouter.capture.normalize.CompanyDomain;
import dev.leadrouter.capture.normalize.CountryGuess;
import dev.leadrouter.capture.normalize.CountryNormalizer;
import dev.leadrouter.capture.normalize.EmailAddress;
import dev.leadrouter.capture.normalize.MoneyText;
import dev.leadrouter.capture.normalize.NameCase;
import dev.leadrouter.capture.normalize.PhoneNormalizer;
import dev.leadrouter.capture.normalize.RegionNormalizer;
import dev.leadrouter.capture.normalize.TimeZoneGuess;
import dev.leadrouter.capture.normalize.Vocabulary;
import dev.leadrouter.v1.Lead;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Puts a lead's fields into the canonical form routing rules and deduplication rely on, by running
 * the small functions in {@code capture/normalize}: names trimmed and cased, internationalized
 * email in NFC with its ASCII domain, E.164 phone (national formats read with the lead's country,
 * or a country guessed from its other fields), ISO country and region codes for the whole world, a
 * typed deal value, canonical product interests and source id, company domain, and a time zone when
 * none was given.
 *
 * <p>Leads are revenue, so an odd field is never a reason to lose the lead: what cannot be used is
 * moved to an attribute ({@code email_raw}, {@code phone_raw}, {@code country_raw}, {@code
 * region_raw}, {@code deal_value_raw}) and the lead flagged ({@link Flags}). Whether a lead with no
 * usable contact left may be stored is the validator's call, not this class's.
 */
public final class LeadNormalizer {
  private static final PhoneNormalizer PHONES = new PhoneNormalizer();
  private static final CountryNormalizer COUNTRIES = new CountryNormalizer();
  private static final RegionNormalizer REGIONS = new RegionNormalizer();
  private static final CompanyDomain DOMAINS = new CompanyDomain();
  private static final TimeZoneGuess TIME_ZONES = new TimeZoneGuess(REGIONS, PHONES);
  private final EmailAddress emails = new EmailAddress();
  private final CountryGuess countryGuess = new CountryGuess();
  private final MoneyText money = new MoneyText();
  private final NameCase names = new NameCase();
  private final Vocabulary productInterests;
  private final Vocabulary sourceIds;

  /** Without configured vocabularies: product interests and source ids are only cleaned. */
  public LeadNormalizer() {
    this(Vocabulary.none(false), Vocabulary.none(true));
  }

  public LeadNormalizer(Vocabulary productInterests, Vocabulary sourceIds) {
    this.productInterests = productInterests;
    this.sourceIds = sourceIds;
  }

  public Lead normalize(Lead in) {
    Lead.Builder b = in.toBuilder();
    var contact = b.getContactBuilder();
    contact
        .setFirstName(names.normalize(contact.getFirstName()))
        .setLastName(names.normalize(contact.getLastName()))
        .setTitle(contact.getTitle().strip().replaceAll("\\s+", " "))
        .setLanguage(contact.getLanguage().strip())
        .clearEmailDomainAscii();
    var location = b.getLocationBuilder();
    location
        .setCity(location.getCity().strip())
        .setPostalCode(location.getPostalCode().strip())
        .setTimeZone(location.getTimeZone().strip());
    normalizeLocation(b);
    normalizeEmail(b);
    normalizePhone(b);
    normalizeCompany(b);
    normalizeDealValue(b);
    normalizeVocabularies(b);
    if (location.getTimeZone().isEmpty()) {
      location.setTimeZone(
          TIME_ZONES.guess(
              location.getRegionCode(), location.getCountryCode(), contact.getPhone()));
    }
    return b.build();
  }

  private static void normalizeLocation(Lead.Builder b) {
    var location = b.getLocationBuilder();
    String rawCountry = location.getCountryCode().strip();
    String country = COUNTRIES.normalize(rawCountry).orElse("");
    if (country.isEmpty() && !rawCountry.isEmpty()) {
      keepRaw(b, "country", rawCountry, Flags.COUNTRY_UNRECOGNIZED);
    }
    String rawRegion = location.getRegionCode().strip();
    var region = REGIONS.normalize(rawRegion, country);
    if (region.isPresent()) {
      location.setRegionCode(region.get().code());
      if (country.isEmpty()) {
        country = region.get().countryCode();
      }
    } else {
      location.setRegionCode("");
      if (!rawRegion.isEmpty()) {
        keepRaw(b, "region", rawRegion, Flags.REGION_UNRECOGNIZED);
      }
    }
    location.setCountryCode(country);
  }

  private void normalizeEmail(Lead.Builder b) {
    var contact = b.getContactBuilder();
    String raw = contact.getEmail();
    if (raw.isBlank()) {
      contact.setEmail("");
      return;
    }
    emails
        .parse(raw)
        .ifPresentOrElse(
            e -> contact.setEmail(e.address()).setEmailDomainAscii(e.asciiDomain()),
            () -> {
              contact.setEmail("");
              keepRaw(b, "email", raw.strip(), Flags.EMAIL_INVALID);
            });
  }

  private void normalizePhone(Lead.Builder b) {
    var contact = b.getContactBuilder();
    String raw = contact.getPhone().strip();
    String country = b.getLocation().getCountryCode();
    if (country.isEmpty()) {
      country =
          countryGuess.guess(
              b.getLocation().getTimeZone(), contact.getLanguage(), contact.getEmailDomainAscii());
    }
    PhoneNormalizer.Result phone = PHONES.normalize(raw, country);
    contact.setPhone(phone.number());
    if (!phone.extension().isEmpty()) {
      b.putAttributes("phone_extension", phone.extension());
    }
    switch (phone.status()) {
      case INVALID -> keepRaw(b, "phone", raw, Flags.PHONE_INVALID);
      case UNVERIFIED -> {
        keepRawIfChanged(b, raw, phone.number());
        addFlag(b, Flags.PHONE_UNVERIFIED);
      }
      case VALID -> keepRawIfChanged(b, raw, phone.number());
      case ABSENT -> {}
    }
  }

  /** "keep E.164 plus the raw text": what the person typed stays visible to the rep. */
  private static void keepRawIfChanged(Lead.Builder b, String raw, String e164) {
    if (!raw.equals(e164)) {
      b.putAttributes("phone_raw", cut(raw));
    }
  }

  private static void normalizeCompany(Lead.Builder b) {
    var company = b.getCompanyBuilder();
    company
        .setName(company.getName().strip().replaceAll("\\s+", " "))
        .setWebsite(company.getWebsite().strip());
    String given = company.getDomain().strip();
    String domain =
        DOMAINS
            .fromWebsite(given)
            .or(() -> DOMAINS.fromWebsite(company.getWebsite()))
            .or(() -> DOMAINS.fromEmailDomain(b.getContact().getEmailDomainAscii()))
            .orElse(given.toLowerCase(java.util.Locale.ROOT));
    company.setDomain(domain);
  }

  /** Text from attributes["deal_value"] becomes the typed deal value unless one was sent. */
  private void normalizeDealValue(Lead.Builder b) {
    String text = b.getAttributesMap().get("deal_value");
    if (text == null) {
      return;
    }
    b.removeAttributes("deal_value");
    if (b.hasDealValue() || text.isBlank()) {
      return;
    }
    money
        .parse(text, b.getLocation().getCountryCode())
        .ifPresentOrElse(
            parsed -> {
              b.setDealValue(parsed.amount());
              if (parsed.currencyAssumed()) {
                addFlag(b, Flags.DEAL_VALUE_CURRENCY_ASSUMED);
              }
            },
            () -> keepRaw(b, "deal_value", text.strip(), Flags.DEAL_VALUE_INVALID));
  }

  private void normalizeVocabularies(Lead.Builder b) {
    Set<String> interests = new LinkedHashSet<>();
    boolean unknown = false;
    for (String raw : b.getProductInterestsList()) {
      if (raw.isBlank()) {
        continue;
      }
      Vocabulary.Term term = productInterests.canonical(raw);
      interests.add(term.value());
      unknown |= !term.known();
    }
    b.clearProductInterests().addAllProductInterests(interests);
    if (unknown) {
      addFlag(b, Flags.PRODUCT_INTEREST_UNKNOWN);
    }
    String sourceId = b.getSource().getSourceId();
    if (!sourceId.isBlank()) {
      Vocabulary.Term term = sourceIds.canonical(sourceId);
      b.getSourceBuilder().setSourceId(term.value());
      if (!term.known()) {
        addFlag(b, Flags.SOURCE_UNKNOWN);
      }
    }
  }

  private static void keepRaw(Lead.Builder b, String what, String raw, String flag) {
    b.putAttributes(what + "_raw", cut(raw));
    addFlag(b, flag);
  }

  private static String cut(String raw) {
    return raw.length() > 1024 ? raw.substring(0, 1024) : raw;
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
