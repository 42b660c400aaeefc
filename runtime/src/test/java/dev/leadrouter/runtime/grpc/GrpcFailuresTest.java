package dev.leadrouter.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcFailuresTest {

  @Test
  void invalidInputBecomesAStatusWithEveryFieldViolation() throws Exception {
    var invalid =
        new InvalidInputException(
            List.of(
                new Violation("lead.contact.email", "not a valid email address"),
                new Violation("lead.score", "must be between 0 and 100")));
    byte[] decoded = Base64.getDecoder().decode(GrpcFailures.encodedDetails(invalid));
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(decoded);

    assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(status.getMessage())
        .isEqualTo("lead.contact.email: not a valid email address (and 1 more)");
    BadRequest badRequest = status.getDetails(0).unpack(BadRequest.class);
    assertThat(badRequest.getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField, BadRequest.FieldViolation::getDescription)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("lead.contact.email", "not a valid email address"),
            org.assertj.core.groups.Tuple.tuple("lead.score", "must be between 0 and 100"));
  }
}
