package dev.leadrouter.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.v1.SourceChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourcesFileTest {
  private static final Map<String, String> ENV =
      Map.of(
          "CAPTURE_HUBSPOT_SECRET",
          "hubspot-secret-0123456789",
          "CAPTURE_PARTNER_SECRET",
          "partner-secret-0123456789");

  @Test
  void theShippedExampleIsValid() throws Exception {
    byte[] yaml = SourcesFileTest.class.getResourceAsStream("/sources.example.yaml").readAllBytes();
    Map<String, SourceConfig> sources = SourcesFile.parse(yaml, ENV::get);
    assertThat(sources)
        .containsOnlyKeys(
            "website-contact-form", "hubspot-demo-form", "partner-referrals", "trade-show-import");
    SourceConfig form = sources.get("website-contact-form");
    assertThat(form.kind()).isEqualTo(SourceKind.FORM);
    assertThat(form.channel()).isEqualTo(SourceChannel.SOURCE_CHANNEL_WEB_FORM);
    assertThat(form.apiKeyCaller()).isEqualTo("website");
    assertThat(form.mapping().target("how_can_we_help")).contains("inquiry_text");
    assertThat(form.mapping().target("first_name")).contains("contact.first_name");
    assertThat(sources.get("hubspot-demo-form").hmacSecret())
        .isEqualTo("hubspot-secret-0123456789");
    assertThat(sources.get("partner-referrals").channel())
        .isEqualTo(SourceChannel.SOURCE_CHANNEL_REFERRAL);
    assertThat(sources.get("partner-referrals").jsonPaths())
        .containsEntry("referral.contact.email", "contact.email");
  }

  @Test
  void theBuiltInDefaultHasNoSources() throws Exception {
    byte[] yaml = SourcesFileTest.class.getResourceAsStream("/capture/sources.yaml").readAllBytes();
    assertThat(SourcesFile.parse(yaml, ENV::get)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sources: [{id: a, kind: form}]                                                    | auth needs api_key_caller or hmac_secret_env",
        "sources: [{id: a, kind: hubspot, auth: {api_key_caller: x}}]                      | webhook sources need auth.hmac_secret_env",
        "sources: [{id: a, kind: hubspot, auth: {hmac_secret_env: MISSING}}]               | environment variable MISSING",
        "sources: [{id: a, kind: fax, auth: {api_key_caller: x}}]                          | kind 'fax' is not one of",
        "sources: [{id: A_B, kind: form, auth: {api_key_caller: x}}]                       | must be 1-64 of a-z",
        "sources: [{id: a, kind: form, auth: {api_key_caller: x}, mapping: {f: contact.nope}}] | unknown lead field 'contact.nope'",
        "sources: [{id: a, kind: form, auth: {api_key_caller: x}, honeypt: h}]             | unknown setting 'honeypt'",
        "sources: [{id: a, kind: mapped, auth: {hmac_secret_env: CAPTURE_HUBSPOT_SECRET}}] | a mapped source needs a mapping",
        "sources: [{id: a, kind: form, auth: {api_key_caller: x}}, {id: a, kind: form, auth: {api_key_caller: y}}] | defined twice",
        "'sources: [unclosed'                                                               | not valid YAML",
      })
  void mistakesFailStartUpWithTheSourceNamed(String yaml, String message) {
    assertThatThrownBy(() -> SourcesFile.parse(yaml.getBytes(StandardCharsets.UTF_8), ENV::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }
}
