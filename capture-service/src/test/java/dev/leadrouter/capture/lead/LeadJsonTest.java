package dev.leadrouter.capture.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.Money;
import dev.leadrouter.v1.SourceChannel;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadJsonTest {
  private final LeadJson json = new LeadJson();

  private static final Lead EXPECTED =
      Lead.newBuilder()
          .setExternalId("ext-9")
          .setSource(
              LeadSource.newBuilder()
                  .setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM)
                  .setSourceId("website-contact-form"))
          .setContact(
              Contact.newBuilder()
                  .setFirstName("Zoë")
                  .setLastName("東京")
                  .setEmail("zoe@example.com")
                  .setPhone("+4930123456"))
          .setLocation(Location.newBuilder().setCountryCode("DE").setRegionCode("DE-BE"))
          .addProductInterests("analytics")
          .addProductInterests("crm")
          .setDealValue(
              Money.newBuilder().setCurrencyCode("EUR").setUnits(12).setNanos(500_000_000))
          .setScore(42)
          .putAttributes("utm_source", "google")
          .build();

  private static final String CAMEL =
      """
      {
        "externalId": "ext-9",
        "source": {"channel": "SOURCE_CHANNEL_WEB_FORM", "sourceId": "website-contact-form"},
        "contact": {"firstName": "Zoë", "lastName": "東京", "email": "zoe@example.com", "phone": "+4930123456"},
        "location": {"countryCode": "DE", "regionCode": "DE-BE"},
        "productInterests": ["analytics", "crm"],
        "dealValue": {"currencyCode": "EUR", "units": "12", "nanos": 500000000},
        "score": 42,
        "attributes": {"utm_source": "google"}
      }""";

  private static final String SNAKE =
      """
      {
        "external_id": "ext-9",
        "source": {"channel": 1, "source_id": "website-contact-form"},
        "contact": {"first_name": "Zoë", "last_name": "東京", "email": "zoe@example.com", "phone": "+4930123456"},
        "location": {"country_code": "DE", "region_code": "DE-BE"},
        "product_interests": ["analytics", "crm"],
        "deal_value": {"currency_code": "EUR", "units": 12, "nanos": 500000000},
        "score": "42",
        "attributes": {"utm_source": "google"}
      }""";

  private static final String MIXED =
      """
      {"external_id": "ext-9",
       "source": {"channel": "SOURCE_CHANNEL_WEB_FORM", "sourceId": "website-contact-form"},
       "contact": {"first_name": "Zoë", "lastName": "東京", "email": "zoe@example.com", "phone": "+4930123456"},
       "location": {"countryCode": "DE", "region_code": "DE-BE"},
       "productInterests": ["analytics", "crm"],
       "deal_value": {"currencyCode": "EUR", "units": 12, "nanos": 500000000},
       "score": 42, "attributes": {"utm_source": "google"}}""";

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"camel", "snake"})
  void parsesProtoJsonInBothNamingStyles(String style) {
    String body = style.equals("camel") ? CAMEL : SNAKE;
    assertThat(json.parse(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(EXPECTED);
  }

  @Test
  void parsesMinimalObject() {
    assertThat(json.parse("{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Lead.getDefaultInstance());
    assertThat(
            json.parse(" {\"contact\":{\"email\":\"a@b.co\"}} \n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Lead.newBuilder().setContact(Contact.newBuilder().setEmail("a@b.co")).build());
  }

  static Stream<Arguments> rejectedBodies() {
    return Stream.of(
        Arguments.of(
            "unknown top-level field", "{\"contact\":{\"email\":\"a@b.co\"},\"emial\":\"x\"}"),
        Arguments.of("unknown nested field", "{\"contact\":{\"mail\":\"a@b.co\"}}"),
        Arguments.of(
            "unknown field in map-less sub-message", "{\"location\":{\"country\":\"US\"}}"),
        Arguments.of("truncated object", "{\"contact\":{\"email\":\"a@b.co\""),
        Arguments.of("just an open brace", "{"),
        Arguments.of("top-level array", "[{\"contact\":{}}]"),
        Arguments.of("top-level string", "\"lead\""),
        Arguments.of("top-level number", "42"),
        Arguments.of("not JSON at all", "email=a@b.co&phone=1"),
        Arguments.of("string for int field", "{\"score\":\"high\"}"),
        Arguments.of("fractional int", "{\"score\":1.5}"),
        Arguments.of("int32 overflow", "{\"score\":3000000000}"),
        Arguments.of("unknown enum name", "{\"source\":{\"channel\":\"FAX\"}}"),
        Arguments.of("object for string field", "{\"external_id\":{\"a\":1}}"),
        Arguments.of("array for message field", "{\"contact\":[]}"),
        Arguments.of(
            "same field in both spellings", "{\"external_id\":\"a\",\"externalId\":\"b\"}"),
        Arguments.of("map with non-string value", "{\"attributes\":{\"k\":{\"x\":1}}}"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rejectedBodies")
  void rejectsMalformedOrUnknownJsonOnBody(String name, String body) {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> json.parse(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(e).as("should reject: %s", body).isNotNull();
    assertThat(e.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("body");
              assertThat(v.description()).startsWith("malformed lead JSON: ").doesNotContain("\n");
              assertThat(v.description().length())
                  .isLessThanOrEqualTo("malformed lead JSON: ".length() + 203);
            });
  }

  @Test
  void unknownFieldIsNamedInTheMessage() {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class,
            () -> json.parse("{\"emial\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.violations().get(0).description()).contains("emial");
  }

  @Test
  void longParserMessageIsTruncatedSoTheBodyIsNotEchoed() {
    String name = "f".repeat(5000);
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class,
            () -> json.parse(("{\"" + name + "\":1}").getBytes(StandardCharsets.UTF_8)));
    String d = e.violations().get(0).description();
    assertThat(d).endsWith("...").hasSize("malformed lead JSON: ".length() + 203);
  }

  @ParameterizedTest(name = "[{index}] blank body {0}")
  @ValueSource(strings = {"", " ", "\n", "\t\r\n  "})
  void emptyBodyIsRejected(String body) {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> json.parse(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.violations())
        .containsExactly(new Violation("body", "empty body; send a JSON lead"));
  }

  static Stream<Arguments> invalidUtf8() {
    return Stream.of(
        Arguments.of("lone continuation byte", new byte[] {'{', '"', (byte) 0x80, '"', '}'}),
        Arguments.of("0xFF byte", new byte[] {'{', (byte) 0xFF, '}'}),
        Arguments.of("truncated 2-byte sequence", new byte[] {'{', '"', (byte) 0xC3}),
        Arguments.of("bad continuation", new byte[] {'{', (byte) 0xC3, '(', '}'}),
        Arguments.of("overlong '/'", new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'}),
        Arguments.of(
            "UTF-16 surrogate encoded (CESU-8)",
            new byte[] {'{', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'}),
        Arguments.of(
            "Latin-1 encoded ë in a valid lead",
            "{\"contact\":{\"firstName\":\"Zoë\",\"email\":\"z@e.co\"}}"
                .getBytes(StandardCharsets.ISO_8859_1)),
        Arguments.of("UTF-16 body with byte-order mark", "{}".getBytes(StandardCharsets.UTF_16)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidUtf8")
  void invalidUtf8IsRejectedOnBody(String name, byte[] body) {
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> json.parse(body));
    assertThat(e).isNotNull();
    assertThat(e.violations()).containsExactly(new Violation("body", "not valid UTF-8"));
  }

  @Test
  void mixedNamingStylesAreBothAccepted() {
    assertThat(json.parse(MIXED.getBytes(StandardCharsets.UTF_8))).isEqualTo(EXPECTED);
  }
}
