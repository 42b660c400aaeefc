package dev.leadrouter.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.Code;
import dev.leadrouter.runtime.errors.InvalidInputException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a batch is answered: per request, in order, one request's trouble its own. */
class BatchCallsTest {

  private static Integer prepared(String request) {
    if (request.startsWith("bad")) {
      throw new InvalidInputException("requests.value", "is not a number");
    }
    return Integer.parseInt(request);
  }

  @Test
  void validRequestsAreStoredTogetherAndAnInvalidOneIsAnsweredAlone() {
    List<List<Integer>> together = new ArrayList<>();
    List<Integer> alone = new ArrayList<>();
    List<BatchCalls.Outcome<String>> outcomes =
        BatchCalls.<String, Integer, String>together(
                List.of("1", "bad", "3"),
                BatchCallsTest::prepared,
                values -> {
                  together.add(values);
                  return Future.succeededFuture(values.stream().map(v -> "stored " + v).toList());
                },
                value -> {
                  alone.add(value);
                  return Future.succeededFuture("alone " + value);
                })
            .result();

    assertThat(together).containsExactly(List.of(1, 3));
    assertThat(alone).isEmpty();
    assertThat(outcomes.get(0).response()).isEqualTo("stored 1");
    assertThat(outcomes.get(1).error().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    assertThat(outcomes.get(1).error().getMessage()).contains("requests.value");
    assertThat(outcomes.get(2).response()).isEqualTo("stored 3");
  }

  @Test
  void whenTheSharedTransactionFailsEachRequestIsStoredAloneAndKeepsItsOwnOutcome() {
    List<BatchCalls.Outcome<String>> outcomes =
        BatchCalls.<String, Integer, String>together(
                List.of("1", "2", "3"),
                BatchCallsTest::prepared,
                values -> Future.failedFuture(new IllegalStateException("deadlock detected")),
                value ->
                    value == 2
                        ? Future.failedFuture(
                            new io.vertx.grpc.server.StatusException(
                                io.vertx.grpc.common.GrpcStatus.UNAVAILABLE, "busy"))
                        : Future.succeededFuture("alone " + value))
            .result();

    assertThat(outcomes.get(0).response()).isEqualTo("alone 1");
    assertThat(outcomes.get(1).error().getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
    assertThat(outcomes.get(1).error().getMessage()).isEqualTo("busy");
    assertThat(outcomes.get(2).response()).isEqualTo("alone 3");
  }

  @Test
  void anUnexpectedFailureIsAnsweredAsInternalWithoutItsDetails() {
    List<BatchCalls.Outcome<String>> outcomes =
        BatchCalls.<String, String>each(
                List.of("x"),
                r -> Future.failedFuture(new IllegalStateException("password=hunter2 leaked")))
            .result();

    assertThat(outcomes.get(0).error().getCode()).isEqualTo(Code.INTERNAL_VALUE);
    assertThat(outcomes.get(0).error().getMessage()).isEqualTo("internal error");
  }

  @Test
  void anEmptyBatchOrOneOverTheLimitIsRefusedAsAWhole() {
    assertThatThrownBy(() -> BatchCalls.each(List.of(), Future::succeededFuture))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                BatchCalls.each(
                    Collections.nCopies(BatchCalls.MAX_REQUESTS + 1, "1"), Future::succeededFuture))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at most 100");
  }
}
