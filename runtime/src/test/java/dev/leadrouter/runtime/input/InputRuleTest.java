package dev.leadrouter.runtime.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import org.junit.jupiter.api.Test;

/** Regressions (issue 11): NUL (PostgreSQL 22021), lone surrogates, out-of-range timestamps. */
class InputRuleTest {
  @Test
  void ordinaryTextAndTimesPass() {
    Lead lead =
        Lead.newBuilder()
            .setExternalId("ext-1 😀")
            .setContact(Contact.newBuilder().setFirstName("Zoë"))
            .setReceivedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
            .build();
    assertThatCode(() -> InputRule.check(lead, "lead")).doesNotThrowAnyException();
  }

  @Test
  void nulInAnyTextFieldIsRefusedNamingTheField() {
    Lead lead =
        Lead.newBuilder()
            .setExternalId("a\u0000b")
            .setSource(LeadSource.newBuilder().setSourceId("web\u0000"))
            .putAttributes("k", "v\u0000")
            .build();
    assertThatThrownBy(() -> InputRule.check(lead, "lead"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .contains(
                        "lead.external_id", "lead.source.source_id", "lead.attributes.value"));
  }

  @Test
  void loneSurrogatesAreRefused() {
    assertThat(InputRule.textProblem("x\ud800")).contains("lone surrogate");
    assertThat(InputRule.textProblem("\udc00x")).contains("lone surrogate");
    assertThat(InputRule.textProblem("\ud83d\ude00")).isNull();
  }

  @Test
  void timestampsOutsideTheProtobufRangeAreRefused() {
    Lead lead =
        Lead.newBuilder().setReceivedAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)).build();
    assertThatThrownBy(() -> InputRule.check(lead, ""))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("received_at"));
  }
}
