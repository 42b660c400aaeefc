package dev.leadrouter.capture.lead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.Money;
import dev.leadrouter.v1.SourceChannel;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LeadValidatorTest {
  private final LeadValidator validator = new LeadValidator();

  /** A complete, valid, normalized lead; each case below breaks one thing. */
  private static Lead.Builder valid() {
    return Lead.newBuilder()
        .setExternalId("hubspot-123")
        .setSource(
            LeadSource.newBuilder()
                .setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM)
                .setSourceId("website-contact-form"))
        .setContact(
            Contact.newBuilder()
                .setFirstName("Ada")
                .setLastName("Lovelace")
                .setEmail("ada@example.com")
                .setPhone("+14155550100")
                .setTitle("CTO")
                .setLanguage("en"))
        .setCompany(
            Company.newBuilder()
                .setName("Analytical Engines")
                .setDomain("example.com")
                .setEmployeeCount(42)
                .setIndustry("software"))
        .setLocation(
            Location.newBuilder()
                .setCountryCode("US")
                .setRegionCode("US-CA")
                .setCity("San Francisco")
                .setPostalCode("94105")
                .setTimeZone("America/Los_Angeles"))
        .addProductInterests("analytics")
        .setDealValue(
            Money.newBuilder().setCurrencyCode("USD").setUnits(12_000).setNanos(500_000_000))
        .setScore(80)
        .putAttributes("utm_source", "google");
  }

  private List<String> fields(Lead.Builder lead) {
    return validator.validate(lead.build()).stream().map(Violation::field).toList();
  }

  private static String chars(int n) {
    return "x".repeat(n);
  }

  @Test
  void completeLeadIsValid() {
    assertThat(validator.validate(valid().build())).isEmpty();
  }

  static Stream<Arguments> validVariants() {
    return Stream.of(
        Arguments.of(
            "email only", (Consumer<Lead.Builder>) b -> b.getContactBuilder().clearPhone()),
        Arguments.of(
            "phone only", (Consumer<Lead.Builder>) b -> b.getContactBuilder().clearEmail()),
        Arguments.of(
            "bare minimum: only an email",
            (Consumer<Lead.Builder>)
                b -> b.clear().setContact(Contact.newBuilder().setEmail("a@b.co"))),
        Arguments.of("score 0 (not scored)", (Consumer<Lead.Builder>) b -> b.setScore(0)),
        Arguments.of("score 100", (Consumer<Lead.Builder>) b -> b.setScore(100)),
        Arguments.of(
            "employee count 0 (unknown)",
            (Consumer<Lead.Builder>) b -> b.getCompanyBuilder().setEmployeeCount(0)),
        Arguments.of("no deal value", (Consumer<Lead.Builder>) Lead.Builder::clearDealValue),
        Arguments.of(
            "zero deal value",
            (Consumer<Lead.Builder>)
                b -> b.setDealValue(Money.newBuilder().setCurrencyCode("EUR"))),
        Arguments.of("no location at all", (Consumer<Lead.Builder>) Lead.Builder::clearLocation),
        Arguments.of(
            "region with digits",
            (Consumer<Lead.Builder>)
                b -> b.getLocationBuilder().setCountryCode("FR").setRegionCode("FR-75")),
        Arguments.of(
            "region with 3 chars",
            (Consumer<Lead.Builder>)
                b -> b.getLocationBuilder().setCountryCode("GB").setRegionCode("GB-LND")),
        Arguments.of(
            "50 attributes",
            (Consumer<Lead.Builder>)
                b -> {
                  b.clearAttributes();
                  IntStream.range(0, 50).forEach(i -> b.putAttributes("k" + i, "v"));
                }),
        Arguments.of(
            "attribute key 64 chars, value 1024 chars",
            (Consumer<Lead.Builder>) b -> b.putAttributes(chars(64), chars(1024))),
        Arguments.of(
            "20 product interests of 64 chars",
            (Consumer<Lead.Builder>)
                b -> {
                  b.clearProductInterests();
                  IntStream.range(0, 20).forEach(i -> b.addProductInterests(chars(64)));
                }));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validVariants")
  void validVariantsHaveNoViolations(String name, Consumer<Lead.Builder> change) {
    Lead.Builder b = valid();
    change.accept(b);
    assertThat(validator.validate(b.build())).isEmpty();
  }

  // Which texts are email addresses is EmailAddress's call, through the normalizer: see
  // NormalizationCasesTest (emails.txt). The validator only refuses a lead left without a usable
  // contact.

  @Test
  void oneUsableContactIsEnoughTheOtherIsFlaggedNotRefused() {
    Lead.Builder badEmail = valid().addFlags(Flags.EMAIL_INVALID);
    badEmail.getContactBuilder().clearEmail();
    assertThat(validator.validate(badEmail.build())).isEmpty();
    Lead.Builder badPhone = valid().addFlags(Flags.PHONE_INVALID);
    badPhone.getContactBuilder().clearPhone();
    assertThat(validator.validate(badPhone.build())).isEmpty();
  }

  @Test
  void noUsableContactIsRefusedNamingEveryUnusableField() {
    Lead.Builder b = valid().addFlags(Flags.EMAIL_INVALID).addFlags(Flags.PHONE_INVALID);
    b.getContactBuilder().clearEmail().clearPhone();
    assertThat(fields(b))
        .containsExactly("lead.contact", "lead.contact.email", "lead.contact.phone");
  }

  @Test
  void emailLengthLimitIs254() {
    String local = chars(64);
    String domain254 = chars(63) + "." + chars(63) + "." + chars(57) + ".com"; // 189 chars
    String ok = local + "@" + domain254; // 254 chars
    assertThat(ok).hasSize(254);
    assertThat(fields(valid().setContact(Contact.newBuilder().setEmail(ok)))).isEmpty();
    assertThat(fields(valid().setContact(Contact.newBuilder().setEmail("y" + ok))))
        .containsExactly("lead.contact.email");
  }

  @ParameterizedTest(name = "[{index}] phone ''{0}'' valid={1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "+14155550100, true",
    "+4930123456, true",
    "+1234567, true", // 7 digits: shortest allowed
    "+123456789012345, true", // 15 digits: longest allowed
    "+123456, false", // 6 digits
    "+1234567890123456, false", // 16 digits
    "+04155550100, false", // country code cannot start with 0
    "4155550100, false", // no +
    "004930123456, false", // 00 prefix instead of +
    "+1 415 555 0100, false", // not normalized
    "+1-415-555-0100, false",
    "+, false",
  })
  void phoneMustBeE164(String phone, boolean ok) {
    List<String> f = fields(valid().setContact(Contact.newBuilder().setPhone(phone)));
    if (ok) {
      assertThat(f).isEmpty();
    } else {
      assertThat(f).containsExactly("lead.contact.phone");
    }
  }

  static Stream<Arguments> singleProblems() {
    return Stream.of(
        bad(
            "neither email nor phone",
            b -> b.getContactBuilder().clearEmail().clearPhone(),
            "lead.contact"),
        bad("no contact at all", Lead.Builder::clearContact, "lead.contact"),
        bad(
            "lower-case country",
            b -> b.getLocationBuilder().setCountryCode("us"),
            "lead.location.country_code"),
        bad(
            "alpha-3 country",
            b -> b.getLocationBuilder().setCountryCode("USA"),
            "lead.location.country_code"),
        bad(
            "numeric country",
            b -> b.getLocationBuilder().setCountryCode("84"),
            "lead.location.country_code"),
        bad(
            "country with space",
            b -> b.getLocationBuilder().setCountryCode("U S"),
            "lead.location.country_code"),
        bad(
            "region without country prefix",
            b -> b.getLocationBuilder().setRegionCode("CA"),
            "lead.location.region_code"),
        bad(
            "region with underscore",
            b -> b.getLocationBuilder().setRegionCode("US_CA"),
            "lead.location.region_code"),
        bad(
            "region subdivision too long",
            b -> b.getLocationBuilder().setRegionCode("US-CALI"),
            "lead.location.region_code"),
        bad(
            "region lower-case",
            b -> b.getLocationBuilder().setRegionCode("us-ca"),
            "lead.location.region_code"),
        bad(
            "currency lower-case",
            b -> b.getDealValueBuilder().setCurrencyCode("usd"),
            "lead.deal_value.currency_code"),
        bad(
            "currency symbol",
            b -> b.getDealValueBuilder().setCurrencyCode("$"),
            "lead.deal_value.currency_code"),
        bad(
            "currency missing",
            b -> b.getDealValueBuilder().clearCurrencyCode(),
            "lead.deal_value.currency_code"),
        bad(
            "currency 4 letters",
            b -> b.getDealValueBuilder().setCurrencyCode("USDT"),
            "lead.deal_value.currency_code"),
        bad(
            "negative units",
            b -> b.getDealValueBuilder().setUnits(-1).setNanos(0),
            "lead.deal_value"),
        bad(
            "negative nanos",
            b -> b.getDealValueBuilder().setUnits(0).setNanos(-1),
            "lead.deal_value"),
        bad("score -1", b -> b.setScore(-1), "lead.score"),
        bad("score 101", b -> b.setScore(101), "lead.score"),
        bad("score MIN_VALUE", b -> b.setScore(Integer.MIN_VALUE), "lead.score"),
        bad(
            "negative employees",
            b -> b.getCompanyBuilder().setEmployeeCount(-5),
            "lead.company.employee_count"),
        bad(
            "51 attributes",
            b -> IntStream.range(0, 51).forEach(i -> b.putAttributes("k" + i, "v")),
            "lead.attributes"),
        bad("empty attribute key", b -> b.putAttributes("", "v"), "lead.attributes"),
        bad("attribute key 65 chars", b -> b.putAttributes(chars(65), "v"), "lead.attributes"),
        bad(
            "attribute value 1025 chars",
            b -> b.putAttributes("comment", chars(1025)),
            "lead.attributes[comment]"),
        bad(
            "21 product interests",
            b -> IntStream.range(0, 20).forEach(i -> b.addProductInterests("p" + i)),
            "lead.product_interests"),
        bad(
            "product interest 65 chars",
            b ->
                b.clearProductInterests()
                    .addProductInterests("a")
                    .addProductInterests("b")
                    .addProductInterests(chars(65)),
            "lead.product_interests[2]"));
  }

  private static Arguments bad(String name, Consumer<Lead.Builder> change, String field) {
    return Arguments.of(name, change, field);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {2}")
  @MethodSource("singleProblems")
  void reportsExactlyOneViolationWithItsPath(
      String name, Consumer<Lead.Builder> change, String field) {
    Lead.Builder b = valid();
    change.accept(b);
    assertThat(fields(b)).containsExactly(field);
  }

  @Test
  void violationDescriptionsAreSpecific() {
    Lead.Builder b = valid().setScore(150);
    b.getContactBuilder().clearEmail().clearPhone();
    assertThat(validator.validate(b.build()))
        .containsExactly(
            new Violation(
                "lead.contact", "an email address or a phone number we can use is required"),
            new Violation("lead.score", "must be between 0 and 100"));
  }

  static Stream<Arguments> lengthLimits() {
    return Stream.of(
        limit("lead.contact.first_name", 100, (b, s) -> b.getContactBuilder().setFirstName(s)),
        limit("lead.contact.last_name", 100, (b, s) -> b.getContactBuilder().setLastName(s)),
        limit("lead.contact.title", 128, (b, s) -> b.getContactBuilder().setTitle(s)),
        limit("lead.contact.language", 35, (b, s) -> b.getContactBuilder().setLanguage(s)),
        limit("lead.external_id", 128, Lead.Builder::setExternalId),
        limit("lead.source.source_id", 64, (b, s) -> b.getSourceBuilder().setSourceId(s)),
        limit("lead.company.name", 256, (b, s) -> b.getCompanyBuilder().setName(s)),
        limit("lead.company.domain", 253, (b, s) -> b.getCompanyBuilder().setDomain(s)),
        limit("lead.company.industry", 128, (b, s) -> b.getCompanyBuilder().setIndustry(s)),
        limit("lead.location.city", 128, (b, s) -> b.getLocationBuilder().setCity(s)),
        limit("lead.location.postal_code", 16, (b, s) -> b.getLocationBuilder().setPostalCode(s)),
        limit("lead.location.time_zone", 64, (b, s) -> b.getLocationBuilder().setTimeZone(s)),
        limit("lead.company.website", 2048, (b, s) -> b.getCompanyBuilder().setWebsite(s)),
        limit("lead.inquiry_text", 4000, Lead.Builder::setInquiryText),
        limit("lead.consent.text", 4000, (b, s) -> b.getConsentBuilder().setText(s)),
        limit("lead.consent.ip_address", 45, (b, s) -> b.getConsentBuilder().setIpAddress(s)),
        campaign("campaign_id", 512, (c, s) -> c.setCampaignId(s)),
        campaign("name", 256, (c, s) -> c.setName(s)),
        campaign("utm_source", 512, (c, s) -> c.setUtmSource(s)),
        campaign("utm_medium", 512, (c, s) -> c.setUtmMedium(s)),
        campaign("utm_campaign", 512, (c, s) -> c.setUtmCampaign(s)),
        campaign("utm_term", 512, (c, s) -> c.setUtmTerm(s)),
        campaign("utm_content", 512, (c, s) -> c.setUtmContent(s)),
        campaign("landing_page_url", 2048, (c, s) -> c.setLandingPageUrl(s)),
        campaign("referrer_url", 2048, (c, s) -> c.setReferrerUrl(s)));
  }

  private static Arguments campaign(
      String field,
      int max,
      java.util.function.BiConsumer<dev.leadrouter.v1.Campaign.Builder, String> set) {
    return limit(
        "lead.source.campaign." + field,
        max,
        (b, s) -> set.accept(b.getSourceBuilder().getCampaignBuilder(), s));
  }

  private static Arguments limit(
      String field, int max, java.util.function.BiConsumer<Lead.Builder, String> set) {
    return Arguments.of(field, max, set);
  }

  @ParameterizedTest(name = "[{index}] {0} max {1}")
  @MethodSource("lengthLimits")
  void lengthLimitIsInclusive(
      String field, int max, java.util.function.BiConsumer<Lead.Builder, String> set) {
    Lead.Builder atMax = valid();
    set.accept(atMax, chars(max));
    assertThat(fields(atMax)).isEmpty();

    Lead.Builder over = valid();
    set.accept(over, chars(max + 1));
    assertThat(validator.validate(over.build()))
        .containsExactly(new Violation(field, "at most " + max + " characters"));
  }

  @Test
  void longAttributeKeyIsTruncatedInPathAndBothProblemsReported() {
    String key = "k".repeat(80);
    assertThat(validator.validate(valid().putAttributes(key, chars(1025)).build()))
        .containsExactly(
            new Violation("lead.attributes", "keys must be 1 to 64 characters"),
            new Violation("lead.attributes[" + "k".repeat(64) + "]", "at most 1024 characters"));
  }

  @Test
  void reportsEveryProblemAtOnceInFieldOrder() {
    Lead.Builder b =
        valid()
            .setExternalId(chars(129))
            .setScore(-3)
            .setDealValue(Money.newBuilder().setCurrencyCode("eur").setUnits(-10))
            .addProductInterests(chars(65));
    b.getContactBuilder().setEmail("").setPhone("555-0100").setFirstName(chars(101));
    b.getCompanyBuilder().setEmployeeCount(-1);
    b.getLocationBuilder()
        .setCountryCode("usa")
        .setRegionCode("california")
        .setPostalCode(chars(17));
    IntStream.range(0, 50).forEach(i -> b.putAttributes("a" + i, "v"));

    assertThat(fields(b))
        .containsExactly(
            "lead.contact.phone",
            "lead.contact.first_name",
            "lead.external_id",
            "lead.location.postal_code",
            "lead.location.country_code",
            "lead.location.region_code",
            "lead.score",
            "lead.company.employee_count",
            "lead.deal_value.currency_code",
            "lead.deal_value",
            "lead.product_interests[1]",
            "lead.attributes");
  }

  // ---- Gaps against the contract in lead.proto / common.proto
  // -------------------------------------

  @Test
  void regionMustBelongToCountry() {
    Lead.Builder b = valid();
    b.getLocationBuilder().setCountryCode("US").setRegionCode("DE-BY");
    assertThat(fields(b)).containsExactly("lead.location.region_code");
  }

  @Test
  void nanosOutOfRangeIsRejected() {
    assertThat(
            fields(
                valid()
                    .setDealValue(
                        Money.newBuilder()
                            .setCurrencyCode("USD")
                            .setUnits(1)
                            .setNanos(1_500_000_000))))
        .containsExactly("lead.deal_value.nanos");
  }

  @Test
  void annualRevenueIsValidatedLikeDealValue() {
    Lead.Builder b = valid();
    b.getCompanyBuilder()
        .setAnnualRevenue(Money.newBuilder().setCurrencyCode("dollars").setUnits(-5));
    assertThat(fields(b))
        .containsExactly(
            "lead.company.annual_revenue.currency_code", "lead.company.annual_revenue");
  }

  @Test
  void lengthLimitsMatchProtoContract() {
    Lead.Builder longTitle = valid();
    longTitle.getContactBuilder().setTitle(chars(129));
    assertThat(fields(longTitle)).containsExactly("lead.contact.title");

    Lead.Builder longCompany = valid();
    longCompany.getCompanyBuilder().setName(chars(256));
    assertThat(fields(longCompany)).isEmpty();
  }

  @Test
  void attributeKeyCharset() {
    assertThat(fields(valid().putAttributes("how did you hear?", "v")))
        .containsExactly("lead.attributes");
  }
}
