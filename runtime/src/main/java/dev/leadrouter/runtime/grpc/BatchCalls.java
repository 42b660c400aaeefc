package dev.leadrouter.runtime.grpc;

import dev.leadrouter.runtime.errors.InvalidInputException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Serves a batch method (BatchRoute, BatchStartClock, BatchNotify) by running each request through
 * its unary method's implementation, so a request answers the same alone or in a batch.
 *
 * <p>Why batches: under load the relays call the next service once per row, and the per-call cost
 * (HTTP/2 frames, authorization, input checks, context switches) was a large share of each
 * service's CPU per lead. The requests of a batch still run concurrently, so the receiver's own
 * grouping (routing's group commit per queue) sees them together.
 */
public final class BatchCalls {
  /** Requests per batch call at most, as the batch methods document. */
  public static final int MAX_REQUESTS = 100;

  private BatchCalls() {}

  /**
   * Runs every request at once; completes when all have, with one outcome per request in request
   * order. One request failing never fails the others or the call.
   *
   * @throws InvalidInputException for an empty batch or one over {@link #MAX_REQUESTS}
   */
  public static <Req, Resp> Future<List<Outcome<Resp>>> each(
      List<Req> requests, Function<Req, Future<Resp>> unary) {
    if (requests.isEmpty()) {
      throw new InvalidInputException("requests", "at least one request is required");
    }
    if (requests.size() > MAX_REQUESTS) {
      throw new InvalidInputException(
          "requests", "at most " + MAX_REQUESTS + " requests per call, got " + requests.size());
    }
    List<Future<Resp>> calls = new ArrayList<>(requests.size());
    for (Req request : requests) {
      Future<Resp> call;
      try {
        call = unary.apply(request);
      } catch (RuntimeException e) {
        call = Future.failedFuture(e);
      }
      calls.add(call);
    }
    return Future.join(calls)
        .transform(
            all -> {
              List<Outcome<Resp>> outcomes = new ArrayList<>(calls.size());
              for (Future<Resp> call : calls) {
                outcomes.add(
                    call.succeeded()
                        ? new Outcome<>(call.result(), null)
                        : new Outcome<>(null, GrpcFailures.toStatus(call.cause())));
              }
              return Future.succeededFuture(outcomes);
            });
  }

  /** One request's answer: the unary method's response, or the status it would have failed with. */
  public record Outcome<Resp>(Resp response, com.google.rpc.Status error) {
    public boolean succeeded() {
      return error == null;
    }
  }
}
