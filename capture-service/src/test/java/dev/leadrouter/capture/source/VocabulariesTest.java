package dev.leadrouter.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.capture.normalize.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VocabulariesTest {
  private static Vocabularies parse(String yaml, Set<String> sources) {
    return Vocabularies.parse(yaml.getBytes(StandardCharsets.UTF_8), sources);
  }

  @Test
  void theExampleFileMapsSynonymsAndKnowsItsSourceIds() throws Exception {
    byte[] yaml = getClass().getResourceAsStream("/sources.example.yaml").readAllBytes();
    Vocabularies v =
        Vocabularies.parse(
            yaml, SourcesFile.parse(yaml, name -> "0123456789abcdef-secret").keySet());
    assertThat(v.productInterests().canonical("Security Suite"))
        .isEqualTo(new Vocabulary.Term("security", true));
    assertThat(v.productInterests().canonical(" CRM ")).isEqualTo(new Vocabulary.Term("crm", true));
    assertThat(v.productInterests().canonical("Payroll"))
        .isEqualTo(new Vocabulary.Term("payroll", false));
    assertThat(v.sourceIds().canonical("Contact Form"))
        .isEqualTo(new Vocabulary.Term("website-contact-form", true));
    assertThat(v.sourceIds().canonical("partner-referrals")) // a configured source
        .isEqualTo(new Vocabulary.Term("partner-referrals", true));
    assertThat(v.sourceIds().canonical("api")).isEqualTo(new Vocabulary.Term("api", true));
    assertThat(v.sourceIds().canonical("Trade Show 2024"))
        .isEqualTo(new Vocabulary.Term("trade-show-2024", false));
  }

  @Test
  void withoutAVocabularyNothingIsUnknownValuesAreOnlyCleaned() {
    Vocabularies v = parse("sources: []\n", Set.of());
    assertThat(v.productInterests().canonical(" Security "))
        .isEqualTo(new Vocabulary.Term("security", true));
    assertThat(v.sourceIds().canonical("My Source"))
        .isEqualTo(new Vocabulary.Term("my-source", true));
  }

  @Test
  void mistakesFailStartUpNamingTheKey() {
    assertThatThrownBy(
            () ->
                parse(
                    "vocabularies:\n  product_interests:\n    security: [sec]\n    secrets: [sec]\n",
                    Set.of()))
        .hasMessageContaining("vocabularies.product_interests")
        .hasMessageContaining("'sec' would mean both");
    assertThatThrownBy(
            () -> parse("vocabularies:\n  product_interests:\n    Security: []\n", Set.of()))
        .hasMessageContaining("'Security' must be lower case");
    assertThatThrownBy(() -> parse("vocabularies:\n  products: {}\n", Set.of()))
        .hasMessageContaining("unknown vocabulary");
    assertThatThrownBy(
            () -> parse("vocabularies:\n  source_ids:\n    web: contact form\n", Set.of()))
        .hasMessageContaining("must be a list");
  }
}
