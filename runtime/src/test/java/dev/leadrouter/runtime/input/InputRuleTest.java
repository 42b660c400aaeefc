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

  /**
   * The gRPC path checks the encoded form instead of walking by reflection: it must refuse exactly
   * what the walk refuses, wherever in the message it hides, and name the same fields.
   */
  @Test
  void decodedMessagesAreJudgedAsTheFieldByFieldWalkJudgesThem() throws Exception {
    Lead clean =
        Lead.newBuilder()
            .setExternalId("ext-1 😀")
            .setContact(Contact.newBuilder().setFirstName("Zoë").setEmail("zoe@example.com"))
            .putAttributes("plan", "gold")
            .setReceivedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
            .build();
    java.util.List<com.google.protobuf.Message> refused =
        java.util.List.of(
            clean.toBuilder().putAttributes("k", "v\u0000").build(),
            clean.toBuilder().setContact(Contact.newBuilder().setLastName("x\u0000")).build(),
            clean.toBuilder()
                .setReceivedAt(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
                .build(),
            dev.leadrouter.v1.NotifyRequest.newBuilder()
                .addRecipients(dev.leadrouter.v1.Recipient.newBuilder().setRepId("ann"))
                .addRecipients(dev.leadrouter.v1.Recipient.newBuilder().setEmail("b\u0000@x.io"))
                .setLead(clean)
                .build(),
            dev.leadrouter.v1.StartClockRequest.newBuilder()
                .setLead(clean)
                .setTarget(com.google.protobuf.Duration.newBuilder().setSeconds(Long.MAX_VALUE))
                .build());
    assertThatCode(() -> InputRule.checkDecoded(decoded(clean))).doesNotThrowAnyException();
    for (com.google.protobuf.Message m : refused) {
      com.google.protobuf.Message wire = decoded(m);
      Throwable walked =
          org.assertj.core.api.Assertions.catchThrowable(() -> InputRule.check(wire, ""));
      assertThat(walked).as("the walk refuses %s", m).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> InputRule.checkDecoded(wire))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e ->
                  assertThat(e.violations())
                      .isEqualTo(((InvalidInputException) walked).violations()));
    }
  }

  private static com.google.protobuf.Message decoded(com.google.protobuf.Message m)
      throws Exception {
    return m.getParserForType().parseFrom(m.toByteArray());
  }
}
