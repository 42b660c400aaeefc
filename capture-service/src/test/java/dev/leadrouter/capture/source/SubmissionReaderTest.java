package dev.leadrouter.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.SourceChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionReaderTest {
  private static final SourceConfig FORM =
      new SourceConfig(
          "web",
          SourceKind.FORM,
          SourceChannel.SOURCE_CHANNEL_WEB_FORM,
          "website",
          null,
          Duration.ofMinutes(5),
          "confirm_email",
          false,
          Set.of("www.example.com"),
          FieldMapping.withOverrides(Map.of("how_can_we_help", "inquiry_text")),
          Map.of());

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void salesforceWebToLeadFormBecomesALead() {
    Submission s =
        SubmissionReader.form(
            FORM,
            bytes(
                "oid=00D000000000062&retURL=https%3A%2F%2Fwww.example.com%2Fthanks"
                    + "&first_name=J%C3%B6rg&last_name=Schmidt&email=JOERG%40Acme.de&phone=030+123456&company=Acme+GmbH"
                    + "&title=CTO&country=Germany&state=Bayern&city=M%C3%BCnchen&zip=80331&lead_source=Web"
                    + "&description=Need+a+demo&00N5e00000ABCDE=Enterprise&employees=51-200&how_can_we_help=pricing&submit=Send"));
    Lead l = s.lead();
    assertThat(s.honeypot()).isFalse();
    assertThat(s.returnUrl()).isEqualTo("https://www.example.com/thanks");
    assertThat(l.getContact().getFirstName()).isEqualTo("Jörg");
    assertThat(l.getContact().getEmail()).isEqualTo("JOERG@Acme.de");
    assertThat(l.getContact().getPhone()).isEqualTo("030 123456");
    assertThat(l.getCompany().getName()).isEqualTo("Acme GmbH");
    assertThat(l.getCompany().getEmployeeCount()).isEqualTo(51);
    assertThat(l.getLocation().getCountryCode()).isEqualTo("Germany");
    assertThat(l.getLocation().getRegionCode()).isEqualTo("Bayern");
    assertThat(l.getLocation().getCity()).isEqualTo("München");
    assertThat(l.getInquiryText())
        .isEqualTo("pricing"); // the source's mapping wins over description
    assertThat(l.getAttributesMap())
        .containsEntry("00N5e00000ABCDE", "Enterprise")
        .containsEntry("lead_source", "Web")
        .doesNotContainKeys("oid", "submit", "retURL");
    assertThat(l.getSource().getSourceId()).isEqualTo("web");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example.net/phish",
        "javascript:alert(1)",
        "//www.example.com/x",
        "ftp://www.example.com/"
      })
  void returnUrlOnlyToAllowedHosts(String url) {
    assertThat(SubmissionReader.allowedRedirect(FORM, url)).isEmpty();
  }

  @Test
  void honeypotIsNoticed() {
    assertThat(
            SubmissionReader.form(FORM, bytes("email=a%40b.co&confirm_email=a%40b.co")).honeypot())
        .isTrue();
    assertThat(SubmissionReader.form(FORM, bytes("email=a%40b.co&confirm_email=")).honeypot())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"email=%ZZ", "email=%C3", "email=%C3%28", "first_name=%E2%82"})
  void badEncodingIsRefused(String body) {
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class, () -> SubmissionReader.form(FORM, bytes(body)));
    assertThat(e.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("body"));
  }

  @Test
  void hubspotSubmission() {
    SourceConfig hub =
        new SourceConfig(
            "hub",
            SourceKind.HUBSPOT,
            SourceChannel.SOURCE_CHANNEL_CRM_WEBHOOK,
            null,
            "s".repeat(16),
            Duration.ofMinutes(5),
            "trap",
            false,
            Set.of(),
            FieldMapping.standard(),
            Map.of());
    Submission s =
        SubmissionReader.hubspot(
            hub,
            bytes(
                """
        {"submittedAt":"1517927174000","fields":[{"objectTypeId":"0-1","name":"email","value":"ada@acme.com"},
         {"name":"firstname","value":"Ada"},{"name":"numemployees","value":"1k+"},{"name":"unknown_thing","value":"x"}],
         "context":{"pageUri":"https://www.acme.com/demo","pageName":"Demo","ipAddress":"203.0.113.9"}}"""));
    assertThat(s.lead().getContact().getEmail()).isEqualTo("ada@acme.com");
    assertThat(s.lead().getContact().getFirstName()).isEqualTo("Ada");
    assertThat(s.lead().getCompany().getEmployeeCount()).isEqualTo(1000);
    assertThat(s.lead().getSource().getCampaign().getLandingPageUrl())
        .isEqualTo("https://www.acme.com/demo");
    assertThat(s.lead().getConsent().getIpAddress()).isEqualTo("203.0.113.9");
    assertThat(
            SubmissionReader.hubspot(
                    hub, bytes("{\"fields\":[{\"name\":\"trap\",\"value\":\"x\"}]}"))
                .honeypot())
        .isTrue();
    assertThat(
            catchThrowableOfType(
                    InvalidInputException.class,
                    () -> SubmissionReader.hubspot(hub, bytes("{\"fields\":{}}")))
                .violations()
                .get(0)
                .field())
        .isEqualTo("fields");
    assertThat(
            catchThrowableOfType(
                    InvalidInputException.class,
                    () -> SubmissionReader.hubspot(hub, bytes("{\"a\":1,\"a\":2}")))
                .violations()
                .get(0)
                .description())
        .startsWith("malformed JSON");
  }

  @Test
  void mappedJsonByPaths() {
    SourceConfig mapped =
        new SourceConfig(
            "partner",
            SourceKind.MAPPED,
            SourceChannel.SOURCE_CHANNEL_REFERRAL,
            null,
            "s".repeat(16),
            Duration.ofMinutes(5),
            null,
            false,
            Set.of(),
            FieldMapping.standard(),
            Map.of(
                "r.contact.email",
                "contact.email",
                "r.contact.name",
                "contact.full_name",
                "r.tags.0",
                "attributes.first_tag",
                "r.score",
                "score"));
    Lead l =
        SubmissionReader.mapped(
                mapped,
                bytes(
                    "{\"r\":{\"contact\":{\"email\":\"x@y.io\",\"name\":\"Grace Brewster Hopper\"},"
                        + "\"tags\":[\"vip\"],\"score\":\"70\"}}"),
                mapped.jsonPaths())
            .lead();
    assertThat(l.getContact().getEmail()).isEqualTo("x@y.io");
    assertThat(l.getContact().getFirstName()).isEqualTo("Grace Brewster");
    assertThat(l.getContact().getLastName()).isEqualTo("Hopper");
    assertThat(l.getAttributesMap()).containsEntry("first_tag", "vip");
    assertThat(l.getScore()).isEqualTo(70);
    InvalidInputException e =
        catchThrowableOfType(
            InvalidInputException.class,
            () ->
                SubmissionReader.mapped(
                    mapped, bytes("{\"r\":{\"score\":\"hot\"}}"), mapped.jsonPaths()));
    assertThat(e.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.field()).isEqualTo("r.score"));
  }
}
