package dev.leadrouter.capture.source;

import dev.leadrouter.capture.normalize.EmployeeRange;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Lead;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Sets a {@link Lead} field from the text a form, webhook or CSV column carried, by its path
 * ("contact.email", "company.employee_count", "attributes.utm_term"...). The one place where flat
 * text becomes typed lead data, shared by every source kind so they behave alike.
 */
public final class LeadFields {
  private static final EmployeeRange EMPLOYEES = new EmployeeRange();
  private static final Pattern ATTRIBUTE = Pattern.compile("^attributes\\.([A-Za-z0-9_.-]{1,64})$");

  private static final Map<String, BiConsumer<Lead.Builder, String>> SETTERS =
      Map.ofEntries(
          Map.entry("external_id", Lead.Builder::setExternalId),
          Map.entry("inquiry_text", Lead.Builder::setInquiryText),
          Map.entry("contact.first_name", (b, v) -> b.getContactBuilder().setFirstName(v)),
          Map.entry("contact.last_name", (b, v) -> b.getContactBuilder().setLastName(v)),
          Map.entry("contact.full_name", LeadFields::fullName),
          Map.entry("contact.email", (b, v) -> b.getContactBuilder().setEmail(v)),
          Map.entry("contact.phone", (b, v) -> b.getContactBuilder().setPhone(v)),
          Map.entry(
              "contact.mobile",
              (b, v) -> {
                if (b.getContact().getPhone().isEmpty()) {
                  b.getContactBuilder().setPhone(v);
                }
              }),
          Map.entry("contact.title", (b, v) -> b.getContactBuilder().setTitle(v)),
          Map.entry("contact.language", (b, v) -> b.getContactBuilder().setLanguage(v)),
          Map.entry("company.name", (b, v) -> b.getCompanyBuilder().setName(v)),
          Map.entry("company.domain", (b, v) -> b.getCompanyBuilder().setDomain(v)),
          Map.entry("company.website", (b, v) -> b.getCompanyBuilder().setWebsite(v)),
          Map.entry("company.industry", (b, v) -> b.getCompanyBuilder().setIndustry(v)),
          Map.entry(
              "company.employee_count",
              (b, v) ->
                  EMPLOYEES
                      .parse(v)
                      .ifPresentOrElse(
                          n -> b.getCompanyBuilder().setEmployeeCount(n),
                          () -> b.putAttributes("employee_count_raw", cut(v)))),
          Map.entry("location.country_code", (b, v) -> b.getLocationBuilder().setCountryCode(v)),
          Map.entry("location.region_code", (b, v) -> b.getLocationBuilder().setRegionCode(v)),
          Map.entry("location.city", (b, v) -> b.getLocationBuilder().setCity(v)),
          Map.entry("location.postal_code", (b, v) -> b.getLocationBuilder().setPostalCode(v)),
          Map.entry("location.time_zone", (b, v) -> b.getLocationBuilder().setTimeZone(v)),
          Map.entry(
              "product_interests",
              (b, v) ->
                  Arrays.stream(v.split("[,;]"))
                      .map(String::strip)
                      .filter(s -> !s.isEmpty())
                      .forEach(b::addProductInterests)),
          Map.entry("score", LeadFields::score),
          // text ("$50,000", "75k"): the normalizer reads it with the lead's country in hand
          Map.entry("deal_value", (b, v) -> b.putAttributes("deal_value", cut(v))),
          Map.entry(
              "source.campaign.campaign_id",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setCampaignId(v)),
          Map.entry(
              "source.campaign.name",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setName(v)),
          Map.entry(
              "source.campaign.utm_source",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setUtmSource(v)),
          Map.entry(
              "source.campaign.utm_medium",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setUtmMedium(v)),
          Map.entry(
              "source.campaign.utm_campaign",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setUtmCampaign(v)),
          Map.entry(
              "source.campaign.utm_term",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setUtmTerm(v)),
          Map.entry(
              "source.campaign.utm_content",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setUtmContent(v)),
          Map.entry(
              "source.campaign.landing_page_url",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setLandingPageUrl(v)),
          Map.entry(
              "source.campaign.referrer_url",
              (b, v) -> b.getSourceBuilder().getCampaignBuilder().setReferrerUrl(v)),
          Map.entry(
              "consent.marketing_email",
              (b, v) -> b.getConsentBuilder().setMarketingEmail(truthy(v))),
          Map.entry(
              "consent.email_opt_out",
              (b, v) -> b.getConsentBuilder().setMarketingEmail(!truthy(v))),
          Map.entry(
              "consent.phone_contact", (b, v) -> b.getConsentBuilder().setPhoneContact(truthy(v))),
          Map.entry("consent.text", (b, v) -> b.getConsentBuilder().setText(v)),
          Map.entry("consent.ip_address", (b, v) -> b.getConsentBuilder().setIpAddress(v)));

  private LeadFields() {}

  /** True when the path names a field (or an attribute with a valid key). */
  public static boolean known(String path) {
    return SETTERS.containsKey(path) || ATTRIBUTE.matcher(path).matches();
  }

  public static Set<String> paths() {
    return SETTERS.keySet();
  }

  /**
   * Sets one field; blank values are skipped. A value that cannot fit its typed field (a score that
   * is not a number) is reported as a violation on the source's field name.
   */
  public static void set(
      Lead.Builder b, String path, String value, String sourceField, List<Violation> violations) {
    if (value == null || value.isBlank()) {
      return;
    }
    var attribute = ATTRIBUTE.matcher(path);
    if (attribute.matches()) {
      b.putAttributes(attribute.group(1), value.strip());
      return;
    }
    BiConsumer<Lead.Builder, String> setter = SETTERS.get(path);
    if (setter == null) {
      throw new IllegalArgumentException("unknown lead field " + path);
    }
    try {
      setter.accept(b, value.strip());
    } catch (NumberFormatException e) {
      violations.add(new Violation(sourceField, "must be a whole number for " + path));
    }
  }

  private static void fullName(Lead.Builder b, String v) {
    int space = v.lastIndexOf(' ');
    if (space < 0) {
      b.getContactBuilder().setLastName(v);
    } else {
      b.getContactBuilder()
          .setFirstName(v.substring(0, space).strip())
          .setLastName(v.substring(space + 1).strip());
    }
  }

  private static void score(Lead.Builder b, String v) {
    b.setScore(Integer.parseInt(v));
  }

  private static boolean truthy(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on", "y", "checked" -> true;
      default -> false;
    };
  }

  private static String cut(String v) {
    return v.length() > 1024 ? v.substring(0, 1024) : v;
  }
}
