package dev.leadrouter.capture.lead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Location;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class LeadNormalizerTest {
  private final LeadNormalizer normalizer = new LeadNormalizer();

  @ParameterizedTest(name = "[{index}] phone ''{0}'' -> ''{1}''")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "+1 (415) 555-0100      | +14155550100",
        "'  +49 30 123456  '    | +4930123456",
        "+33.1.23.45.67.89      | +33123456789",
        "415.555.0100           | ''",
        "(415) 555-0100         | ''",
        "00 49 30 123456        | +4930123456",
        "+1-415-555-0100        | +14155550100",
        "'\\t+44 20 7946 0958\\n' | +442079460958",
        "abc                    | ''",
        "+                      | ''",
        "1+415                  | ''",
        "''                     | ''",
        "'   '                  | ''",
      })
  void phoneWithoutCountryNeedsAnInternationalNumber(String raw, String expected) {
    // Values in '...' keep surrounding whitespace; \t and \n stand for tab and newline.
    assertThat(LeadNormalizer.phone(unquote(raw))).isEqualTo(unquote(expected));
  }

  private static String unquote(String s) {
    if (s == null) {
      return "";
    }
    String t =
        s.length() >= 2 && s.startsWith("'") && s.endsWith("'")
            ? s.substring(1, s.length() - 1)
            : s;
    return t.replace("\\t", "\t").replace("\\n", "\n");
  }

  static Stream<Arguments> fieldCases() {
    return Stream.of(
        field(
            "first name stripped",
            b -> b.setContact(Contact.newBuilder().setFirstName("  Ada \t")),
            l -> l.getContact().getFirstName(),
            "Ada"),
        field(
            "first name keeps case",
            b -> b.setContact(Contact.newBuilder().setFirstName("McDONALD")),
            l -> l.getContact().getFirstName(),
            "McDONALD"),
        field(
            "last name stripped",
            b -> b.setContact(Contact.newBuilder().setLastName("\u2003Lovelace\n")),
            l -> l.getContact().getLastName(),
            "Lovelace"),
        field(
            "email stripped and lower-cased",
            b -> b.setContact(Contact.newBuilder().setEmail("  Ada.Lovelace@Example.COM ")),
            l -> l.getContact().getEmail(),
            "ada.lovelace@example.com"),
        field(
            "email lower-cased with ROOT locale (no Turkish dotless i)",
            b -> b.setContact(Contact.newBuilder().setEmail("TIM@INFO.IO")),
            l -> l.getContact().getEmail(),
            "tim@info.io"),
        field(
            "phone normalized",
            b -> b.setContact(Contact.newBuilder().setPhone(" +1 (415) 555-0100 ")),
            l -> l.getContact().getPhone(),
            "+14155550100"),
        field(
            "title stripped, case kept",
            b -> b.setContact(Contact.newBuilder().setTitle("  VP Sales  ")),
            l -> l.getContact().getTitle(),
            "VP Sales"),
        field(
            "language stripped, case kept",
            b -> b.setContact(Contact.newBuilder().setLanguage(" de-CH ")),
            l -> l.getContact().getLanguage(),
            "de-CH"),
        field(
            "company name stripped, case kept",
            b -> b.setCompany(Company.newBuilder().setName("  ACME Corp ")),
            l -> l.getCompany().getName(),
            "ACME Corp"),
        field(
            "company domain stripped and lower-cased",
            b -> b.setCompany(Company.newBuilder().setDomain(" ACME.com ")),
            l -> l.getCompany().getDomain(),
            "acme.com"),
        field(
            "country upper-cased",
            b -> b.setLocation(Location.newBuilder().setCountryCode(" us ")),
            l -> l.getLocation().getCountryCode(),
            "US"),
        field(
            "region upper-cased",
            b -> b.setLocation(Location.newBuilder().setRegionCode("us-ca")),
            l -> l.getLocation().getRegionCode(),
            "US-CA"),
        field(
            "city stripped, case kept",
            b -> b.setLocation(Location.newBuilder().setCity("  San Francisco ")),
            l -> l.getLocation().getCity(),
            "San Francisco"),
        field(
            "postal code stripped",
            b -> b.setLocation(Location.newBuilder().setPostalCode(" 94105 ")),
            l -> l.getLocation().getPostalCode(),
            "94105"),
        field(
            "external id untouched",
            b -> b.setExternalId(" ext-1 "),
            Lead::getExternalId,
            " ext-1 "));
  }

  private static Arguments field(
      String name, UnaryOperator<Lead.Builder> set, Function<Lead, String> get, String expected) {
    return Arguments.of(name, set, get, expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("fieldCases")
  void normalizesField(
      String name, UnaryOperator<Lead.Builder> set, Function<Lead, String> get, String expected) {
    Lead out = normalizer.normalize(set.apply(Lead.newBuilder()).build());
    assertThat(get.apply(out)).isEqualTo(expected);
  }

  @Test
  void normalizationIsIdempotentAndLeavesOtherFieldsAlone() {
    Lead in =
        Lead.newBuilder()
            .setExternalId("x-1")
            .setScore(77)
            .addProductInterests(" Analytics ")
            .putAttributes(" Key ", " Value ")
            .setContact(
                Contact.newBuilder()
                    .setEmail(" A@B.CO ")
                    .setPhone("+1 415 555 0100")
                    .setFirstName(" Ada "))
            .setLocation(Location.newBuilder().setCountryCode("gb").setTimeZone("Europe/London"))
            .build();
    Lead once = normalizer.normalize(in);
    assertThat(normalizer.normalize(once)).isEqualTo(once);
    assertThat(once.getScore()).isEqualTo(77);
    assertThat(once.getExternalId()).isEqualTo("x-1");
    assertThat(once.getProductInterestsList()).containsExactly("analytics");
    assertThat(once.getAttributesMap())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(" Key ", " Value ", "phone_raw", "+1 415 555 0100"));
    assertThat(once.getLocation().getTimeZone()).isEqualTo("Europe/London");
    assertThat(once.getContact().getEmail()).isEqualTo("a@b.co");
    assertThat(once.getContact().getPhone()).isEqualTo("+14155550100");
  }

  @Test
  void anUnrecognizedCountryIsKeptRawAndFlagged() {
    Lead out =
        normalizer.normalize(
            Lead.newBuilder()
                .setContact(Contact.newBuilder().setEmail("a@b.co"))
                .setLocation(Location.newBuilder().setCountryCode("  Atlantis "))
                .build());

    assertThat(out.getLocation().getCountryCode()).isEmpty();
    assertThat(out.getAttributesMap()).containsEntry("country_raw", "Atlantis");
    assertThat(out.getFlagsList()).containsExactly("country_unrecognized");
  }

  @Test
  void anUnrecognizedRegionIsClearedKeptRawAndFlaggedOnce() {
    Lead in =
        Lead.newBuilder()
            .setContact(Contact.newBuilder().setEmail("a@b.co"))
            .setLocation(Location.newBuilder().setCountryCode("US").setRegionCode(" Narnia "))
            .addFlags("region_unrecognized")
            .build();

    Lead out = normalizer.normalize(in);

    assertThat(out.getLocation().getRegionCode()).isEmpty();
    assertThat(out.getLocation().getCountryCode()).isEqualTo("US");
    assertThat(out.getAttributesMap()).containsEntry("region_raw", "Narnia");
    assertThat(out.getFlagsList()).containsExactly("region_unrecognized");
  }

  @Test
  void aVeryLongRawValueIsCutTo1024Characters() {
    String raw = "x".repeat(1500);
    Lead out =
        normalizer.normalize(
            Lead.newBuilder()
                .setContact(Contact.newBuilder().setEmail("a@b.co"))
                .setLocation(Location.newBuilder().setCountryCode(raw))
                .build());

    assertThat(out.getAttributesMap().get("country_raw")).isEqualTo("x".repeat(1024));
  }

  @Test
  void theCountryComesFromTheRegionWhenNotGiven() {
    Lead out =
        normalizer.normalize(
            Lead.newBuilder()
                .setContact(Contact.newBuilder().setEmail("a@b.co"))
                .setLocation(Location.newBuilder().setRegionCode("US-CA"))
                .build());

    assertThat(out.getLocation().getRegionCode()).isEqualTo("US-CA");
    assertThat(out.getLocation().getCountryCode()).isEqualTo("US");
    assertThat(out.getFlagsList()).isEmpty();
  }

  @Test
  void theCompanyDomainComesFromTheWebsiteBeforeTheEmail() {
    Lead out =
        normalizer.normalize(
            Lead.newBuilder()
                .setContact(Contact.newBuilder().setEmail("ada@mail-provider.example"))
                .setCompany(Company.newBuilder().setWebsite(" https://www.engines.example/about "))
                .build());

    assertThat(out.getCompany().getWebsite()).isEqualTo("https://www.engines.example/about");
    assertThat(out.getCompany().getDomain()).isEqualTo("engines.example");
  }

  @Test
  void caseIsFoldedWithTheRootLocaleEvenUnderATurkishDefault() {
    // Under tr-TR, "I".toLowerCase() is a dotless i and "i".toUpperCase() a dotted capital I: the
    // ROOT cases above run under the build's default locale and cannot tell without this.
    java.util.Locale before = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
    Lead out;
    try {
      out =
          normalizer.normalize(
              Lead.newBuilder()
                  .setContact(Contact.newBuilder().setEmail("TIM@INFO.IO"))
                  .setCompany(Company.newBuilder().setDomain("WIKI.IO"))
                  .setLocation(Location.newBuilder().setCountryCode("in"))
                  .build());
    } finally {
      java.util.Locale.setDefault(before);
    }
    assertThat(out.getContact().getEmail()).isEqualTo("tim@info.io");
    assertThat(out.getCompany().getDomain()).isEqualTo("wiki.io");
    assertThat(out.getLocation().getCountryCode()).isEqualTo("IN");
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "+1 415 555 0100 ext. 23 | +14155550100",
        "+1 415 555 0100 x23     | +14155550100",
        "+1 415 555 0100;ext=23  | +14155550100",
      })
  void phoneExtensionIsNotMergedIntoTheNumber(String raw, String expected) {
    assertThat(LeadNormalizer.phone(raw)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "+44 (0)20 7946 0958 | +442079460958",
        "+49 (0)30 123456    | +4930123456",
      })
  void phoneDropsTrunkZeroInParentheses(String raw, String expected) {
    assertThat(LeadNormalizer.phone(raw)).isEqualTo(expected);
  }
}
