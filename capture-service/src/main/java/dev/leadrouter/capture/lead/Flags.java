package dev.leadrouter.capture.lead;

import java.util.Set;

/**
 * The data-quality flags capture puts on a lead it accepted despite an odd field, and the
 * attributes it keeps the raw text in. Listed in one place because the README, the validator (which
 * does not count capture's own attributes against a source's limit) and the tests rely on them.
 */
public final class Flags {
  public static final String EMAIL_INVALID = "email_invalid";
  public static final String PHONE_INVALID = "phone_invalid";
  public static final String PHONE_UNVERIFIED = "phone_unverified";
  public static final String COUNTRY_UNRECOGNIZED = "country_unrecognized";
  public static final String REGION_UNRECOGNIZED = "region_unrecognized";
  public static final String DEAL_VALUE_INVALID = "deal_value_invalid";
  public static final String DEAL_VALUE_CURRENCY_ASSUMED = "deal_value_currency_assumed";
  public static final String PRODUCT_INTEREST_UNKNOWN = "product_interest_unknown";
  public static final String SOURCE_UNKNOWN = "source_unknown";

  /** Attributes capture writes itself; a source's own attributes are limited without them. */
  public static final Set<String> CAPTURE_ATTRIBUTES =
      Set.of(
          "email_raw",
          "phone_raw",
          "phone_extension",
          "country_raw",
          "region_raw",
          "deal_value_raw",
          "employee_count_raw");

  private Flags() {}
}
