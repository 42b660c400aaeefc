package dev.leadrouter.capture.lead;

import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Lead;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether a normalized lead may be stored, listing every problem with its field path.
 * Limits keep one lead small and bounded whatever the source sends.
 */
public final class LeadValidator {
  // Limits as documented in lead.proto, the contract sources code against.
  static final int MAX_NAME = 100;
  static final int MAX_EMAIL = 254;
  static final int MAX_TITLE = 128;
  static final int MAX_COMPANY_NAME = 256;
  static final int MAX_INDUSTRY = 128;
  static final int MAX_CITY = 128;
  static final int MAX_URL = 2048;
  static final int MAX_CAMPAIGN_TEXT = 512;
  static final int MAX_LONG_TEXT = 4000;
  static final int MAX_NANOS = 999_999_999;
  static final int MAX_ATTRIBUTES = 50;
  static final int MAX_ATTRIBUTE_KEY = 64;
  static final int MAX_ATTRIBUTE_VALUE = 1024;
  static final int MAX_PRODUCT_INTERESTS = 20;
  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("^[A-Za-z0-9_.-]+$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
  private static final Pattern REGION = Pattern.compile("^[A-Z]{2}-[A-Z0-9]{1,3}$");
  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

  public List<Violation> validate(Lead lead) {
    List<Violation> v = new ArrayList<>();
    var c = lead.getContact();
    if (c.getEmail().isEmpty() && c.getPhone().isEmpty()) {
      // Nothing to reach the person by: not a lead. A field that was sent but unusable says why.
      v.add(
          new Violation(
              "lead.contact", "an email address or a phone number we can use is required"));
      if (lead.getFlagsList().contains(Flags.EMAIL_INVALID)) {
        v.add(new Violation("lead.contact.email", "not a valid email address"));
      }
      if (lead.getFlagsList().contains(Flags.PHONE_INVALID)) {
        v.add(
            new Violation(
                "lead.contact.phone",
                "not a valid phone number; use international format like +14155550100, or send"
                    + " the lead's country"));
      }
    }
    if (c.getEmail().length() > MAX_EMAIL) {
      v.add(new Violation("lead.contact.email", "at most " + MAX_EMAIL + " characters"));
    }
    if (!c.getPhone().isEmpty() && !E164.matcher(c.getPhone()).matches()) {
      v.add(new Violation("lead.contact.phone", "not a valid phone number"));
    }
    maxLength(v, "lead.contact.first_name", c.getFirstName(), MAX_NAME);
    maxLength(v, "lead.contact.last_name", c.getLastName(), MAX_NAME);
    maxLength(v, "lead.contact.title", c.getTitle(), MAX_TITLE);
    maxLength(v, "lead.contact.language", c.getLanguage(), 35);
    maxLength(v, "lead.external_id", lead.getExternalId(), 128);
    maxLength(v, "lead.source.source_id", lead.getSource().getSourceId(), 64);
    maxLength(v, "lead.company.name", lead.getCompany().getName(), MAX_COMPANY_NAME);
    maxLength(v, "lead.company.domain", lead.getCompany().getDomain(), 253);
    maxLength(v, "lead.company.industry", lead.getCompany().getIndustry(), MAX_INDUSTRY);
    maxLength(v, "lead.company.website", lead.getCompany().getWebsite(), MAX_URL);
    maxLength(v, "lead.location.city", lead.getLocation().getCity(), MAX_CITY);
    maxLength(v, "lead.location.postal_code", lead.getLocation().getPostalCode(), 16);
    maxLength(v, "lead.location.time_zone", lead.getLocation().getTimeZone(), 64);
    maxLength(v, "lead.inquiry_text", lead.getInquiryText(), MAX_LONG_TEXT);
    maxLength(v, "lead.consent.text", lead.getConsent().getText(), MAX_LONG_TEXT);
    maxLength(v, "lead.consent.ip_address", lead.getConsent().getIpAddress(), 45);
    validateCampaign(v, lead.getSource().getCampaign());
    validateLocation(v, lead);
    validateAmounts(v, lead);
    validateCollections(v, lead);
    return v;
  }

  private static void validateLocation(List<Violation> v, Lead lead) {
    var loc = lead.getLocation();
    if (!loc.getCountryCode().isEmpty() && !COUNTRY.matcher(loc.getCountryCode()).matches()) {
      v.add(
          new Violation(
              "lead.location.country_code", "must be an ISO 3166-1 alpha-2 code like US"));
    }
    if (!loc.getRegionCode().isEmpty() && !REGION.matcher(loc.getRegionCode()).matches()) {
      v.add(new Violation("lead.location.region_code", "must be an ISO 3166-2 code like US-CA"));
    } else if (!loc.getRegionCode().isEmpty()
        && COUNTRY.matcher(loc.getCountryCode()).matches()
        && !loc.getRegionCode().startsWith(loc.getCountryCode() + "-")) {
      v.add(
          new Violation(
              "lead.location.region_code",
              "must be a subdivision of country_code " + loc.getCountryCode()));
    }
  }

  private static void validateCampaign(List<Violation> v, dev.leadrouter.v1.Campaign c) {
    String p = "lead.source.campaign.";
    maxLength(v, p + "campaign_id", c.getCampaignId(), MAX_CAMPAIGN_TEXT);
    maxLength(v, p + "name", c.getName(), 256);
    maxLength(v, p + "utm_source", c.getUtmSource(), MAX_CAMPAIGN_TEXT);
    maxLength(v, p + "utm_medium", c.getUtmMedium(), MAX_CAMPAIGN_TEXT);
    maxLength(v, p + "utm_campaign", c.getUtmCampaign(), MAX_CAMPAIGN_TEXT);
    maxLength(v, p + "utm_term", c.getUtmTerm(), MAX_CAMPAIGN_TEXT);
    maxLength(v, p + "utm_content", c.getUtmContent(), MAX_CAMPAIGN_TEXT);
    maxLength(v, p + "landing_page_url", c.getLandingPageUrl(), MAX_URL);
    maxLength(v, p + "referrer_url", c.getReferrerUrl(), MAX_URL);
  }

  private static void validateAmounts(List<Violation> v, Lead lead) {
    if (lead.getScore() < 0 || lead.getScore() > 100) {
      v.add(new Violation("lead.score", "must be between 0 and 100"));
    }
    if (lead.getCompany().getEmployeeCount() < 0) {
      v.add(new Violation("lead.company.employee_count", "must not be negative"));
    }
    if (lead.hasDealValue()) {
      validateMoney(v, "lead.deal_value", lead.getDealValue());
    }
    if (lead.getCompany().hasAnnualRevenue()) {
      validateMoney(v, "lead.company.annual_revenue", lead.getCompany().getAnnualRevenue());
    }
  }

  private static void validateMoney(List<Violation> v, String path, dev.leadrouter.v1.Money money) {
    if (!CURRENCY.matcher(money.getCurrencyCode()).matches()
        || !dev.leadrouter.capture.normalize.MoneyText.isCurrency(money.getCurrencyCode())) {
      v.add(new Violation(path + ".currency_code", "must be an ISO 4217 code like USD"));
    }
    if (money.getUnits() < 0 || money.getNanos() < 0) {
      v.add(new Violation(path, "must not be negative"));
    }
    if (money.getNanos() > MAX_NANOS) {
      v.add(
          new Violation(
              path + ".nanos", "must be between 0 and 999,999,999 (use units for whole amounts)"));
    }
  }

  private static void validateCollections(List<Violation> v, Lead lead) {
    if (lead.getProductInterestsCount() > MAX_PRODUCT_INTERESTS) {
      v.add(
          new Violation("lead.product_interests", "at most " + MAX_PRODUCT_INTERESTS + " entries"));
    }
    for (int i = 0; i < lead.getProductInterestsCount(); i++) {
      maxLength(v, "lead.product_interests[" + i + "]", lead.getProductInterests(i), 64);
    }
    long ownAttributes =
        lead.getAttributesMap().keySet().stream()
            .filter(k -> !Flags.CAPTURE_ATTRIBUTES.contains(k))
            .count();
    if (ownAttributes > MAX_ATTRIBUTES) {
      v.add(new Violation("lead.attributes", "at most " + MAX_ATTRIBUTES + " entries"));
    }
    lead.getAttributesMap()
        .forEach(
            (key, value) -> {
              if (key.isEmpty() || key.length() > MAX_ATTRIBUTE_KEY) {
                v.add(
                    new Violation(
                        "lead.attributes",
                        "keys must be 1 to " + MAX_ATTRIBUTE_KEY + " characters"));
              } else if (!ATTRIBUTE_KEY.matcher(key).matches()) {
                v.add(
                    new Violation(
                        "lead.attributes", "keys may use only letters, digits, '_', '.' and '-'"));
              }
              if (value.length() > MAX_ATTRIBUTE_VALUE) {
                v.add(
                    new Violation(
                        "lead.attributes[" + truncate(key) + "]",
                        "at most " + MAX_ATTRIBUTE_VALUE + " characters"));
              }
            });
  }

  private static void maxLength(List<Violation> v, String field, String value, int max) {
    if (value.length() > max) {
      v.add(new Violation(field, "at most " + max + " characters"));
    }
  }

  private static String truncate(String key) {
    return key.length() > MAX_ATTRIBUTE_KEY ? key.substring(0, MAX_ATTRIBUTE_KEY) : key;
  }
}
