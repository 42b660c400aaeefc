package dev.leadrouter.capture.source;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which lead field a source's field name fills. Every source starts from the well-known names (our
 * own field paths, Salesforce Web-to-Lead names, HubSpot contact property names) and adds or
 * overrides names in its configuration, so a new form tool is a few lines of YAML, not code.
 * Salesforce custom fields ({@code 00N...} ids) become attributes under their id.
 */
public final class FieldMapping {
  private static final Pattern SALESFORCE_CUSTOM = Pattern.compile("^00N[A-Za-z0-9]{12}$");
  private static final Map<String, String> WELL_KNOWN = wellKnown();

  private final Map<String, String> byName;

  private FieldMapping(Map<String, String> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static FieldMapping standard() {
    return new FieldMapping(WELL_KNOWN);
  }

  /** The standard names plus the source's own ({@code source field -> lead field path}). */
  public static FieldMapping withOverrides(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(WELL_KNOWN);
    overrides.forEach(
        (name, path) -> {
          if (!LeadFields.known(path)) {
            throw new IllegalStateException(
                "mapping of '"
                    + name
                    + "': unknown lead field '"
                    + path
                    + "'; use one of "
                    + new java.util.TreeSet<>(LeadFields.paths())
                    + " or attributes.<key>");
          }
          all.put(name.toLowerCase(Locale.ROOT), path);
        });
    return new FieldMapping(all);
  }

  /** The lead field path for a source field name, if any. */
  public Optional<String> target(String sourceField) {
    String path = byName.get(sourceField.strip().toLowerCase(Locale.ROOT));
    if (path == null && SALESFORCE_CUSTOM.matcher(sourceField).matches()) {
      path = "attributes." + sourceField;
    }
    return Optional.ofNullable(path);
  }

  private static Map<String, String> wellKnown() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String path : LeadFields.paths()) {
      m.put(path, path); // our own names: contact.email...
    }
    // Salesforce Web-to-Lead
    m.put("first_name", "contact.first_name");
    m.put("last_name", "contact.last_name");
    m.put("email", "contact.email");
    m.put("phone", "contact.phone");
    m.put("mobile", "contact.mobile");
    m.put("title", "contact.title");
    m.put("company", "company.name");
    m.put("url", "company.website");
    m.put("website", "company.website");
    m.put("industry", "company.industry");
    m.put("employees", "company.employee_count");
    m.put("country", "location.country_code");
    m.put("country_code", "location.country_code");
    m.put("state", "location.region_code");
    m.put("state_code", "location.region_code");
    m.put("city", "location.city");
    m.put("zip", "location.postal_code");
    m.put("street", "attributes.street");
    m.put("salutation", "attributes.salutation");
    m.put("lead_source", "attributes.lead_source");
    m.put("description", "inquiry_text");
    m.put("campaign_id", "source.campaign.campaign_id");
    m.put("emailoptout", "consent.email_opt_out");
    m.put("donotcall", "attributes.do_not_call");
    m.put("rating", "attributes.rating");
    m.put("external_id", "external_id");
    // HubSpot contact properties
    m.put("firstname", "contact.first_name");
    m.put("lastname", "contact.last_name");
    m.put("mobilephone", "contact.mobile");
    m.put("jobtitle", "contact.title");
    m.put("numemployees", "company.employee_count");
    m.put("zip_code", "location.postal_code");
    m.put("message", "inquiry_text");
    m.put("hs_language", "contact.language");
    // common extras
    m.put("name", "contact.full_name");
    m.put("full_name", "contact.full_name");
    m.put("comments", "inquiry_text");
    m.put("utm_source", "source.campaign.utm_source");
    m.put("utm_medium", "source.campaign.utm_medium");
    m.put("utm_campaign", "source.campaign.utm_campaign");
    m.put("utm_term", "source.campaign.utm_term");
    m.put("utm_content", "source.campaign.utm_content");
    m.put("budget", "deal_value");
    m.put("deal_size", "deal_value");
    m.put("amount", "deal_value");
    m.put("product", "product_interests");
    m.put("products", "product_interests");
    m.put("product_interest", "product_interests");
    return m;
  }
}
