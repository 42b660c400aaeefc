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
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BatchCalls.class);

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
    checkSize(requests);
    return eachOf(requests, unary);
  }

  /**
   * Serves a batch whose requests the receiver stores in one transaction, one commit for all
   * instead of one each. A request that {@code prepare} refuses (it throws, as the unary method
   * would) is answered with that error and goes no further. Should the shared transaction fail, the
   * others go through {@code unary} one by one, so one request's trouble stays its own.
   *
   * @param prepare validates a request and turns it into what the receiver stores
   * @param together stores the prepared requests in one transaction; one response each, in order
   * @param unary stores one prepared request, as the unary method does
   * @throws InvalidInputException for an empty batch or one over {@link #MAX_REQUESTS}
   */
  public static <Req, T, Resp> Future<List<Outcome<Resp>>> together(
      List<Req> requests,
      Function<Req, T> prepare,
      Function<List<T>, Future<List<Resp>>> together,
      Function<T, Future<Resp>> unary) {
    checkSize(requests);
    List<Outcome<Resp>> outcomes = new ArrayList<>(requests.size());
    List<Integer> positions = new ArrayList<>();
    List<T> prepared = new ArrayList<>();
    for (Req request : requests) {
      try {
        prepared.add(prepare.apply(request));
        positions.add(outcomes.size());
        outcomes.add(null);
      } catch (RuntimeException e) {
        outcomes.add(new Outcome<>(null, GrpcFailures.toStatus(e)));
      }
    }
    if (prepared.isEmpty()) {
      return Future.succeededFuture(outcomes);
    }
    Future<List<Resp>> stored;
    try {
      stored = together.apply(prepared);
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    return stored
        .<List<Outcome<Resp>>>map(
            responses -> {
              if (responses.size() != prepared.size()) {
                throw new IllegalStateException(
                    responses.size() + " responses to " + prepared.size() + " requests");
              }
              return responses.stream().map(r -> new Outcome<Resp>(r, null)).toList();
            })
        .recover(
            e -> {
              log.info(
                  "a batch of {} stored together failed, storing them one by one: {}",
                  prepared.size(),
                  e.toString());
              return eachOf(prepared, unary);
            })
        .map(
            answered -> {
              for (int i = 0; i < positions.size(); i++) {
                outcomes.set(positions.get(i), answered.get(i));
              }
              return outcomes;
            });
  }

  private static void checkSize(List<?> requests) {
    if (requests.isEmpty()) {
      throw new InvalidInputException("requests", "at least one request is required");
    }
    if (requests.size() > MAX_REQUESTS) {
      throw new InvalidInputException(
          "requests", "at most " + MAX_REQUESTS + " requests per call, got " + requests.size());
    }
  }

  private static <Req, Resp> Future<List<Outcome<Resp>>> eachOf(
      List<Req> requests, Function<Req, Future<Resp>> unary) {
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
