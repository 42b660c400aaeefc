package dev.leadrouter.runtime.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays several rows of one outbox topic in one call to a batch gRPC method (BatchRoute,
 * BatchStartClock, BatchNotify), each row keeping its own outcome from its item of the answer.
 *
 * <p>When the receiver refuses the batch as a whole, the rows go one by one through the unary
 * method instead: an older receiver without the batch method (UNIMPLEMENTED, in a rolling upgrade),
 * or one row invalid on the wire (INVALID_ARGUMENT), which must not take the others down with it.
 * After UNIMPLEMENTED the unary method is used for a while before the batch is tried again.
 */
final class GrpcBatchDelivery<Req, BatchReq, BatchResp> implements OutboxBatchHandler {
  private static final Logger log = LoggerFactory.getLogger(GrpcBatchDelivery.class);
  private static final long UNARY_AFTER_UNIMPLEMENTED_NANOS = Duration.ofMinutes(1).toNanos();

  private final GrpcDelivery<Req, ?> unary;
  private final ServiceMethod<BatchResp, BatchReq> method;
  private final Function<List<Req>, BatchReq> batchOf;
  private final Function<BatchResp, List<com.google.rpc.Status>> statusesOf;
  private long unaryUntilNanos;
  private boolean unaryNow;

  GrpcBatchDelivery(
      GrpcDelivery<Req, ?> unary,
      ServiceMethod<BatchResp, BatchReq> method,
      Function<List<Req>, BatchReq> batchOf,
      Function<BatchResp, List<com.google.rpc.Status>> statusesOf) {
    this.unary = unary;
    this.method = method;
    this.batchOf = batchOf;
    this.statusesOf = statusesOf;
  }

  @Override
  public List<Future<Void>> deliverAll(List<OutboxMessage> messages) {
    if (messages.size() == 1 || usingUnary()) {
      return oneByOne(messages);
    }
    List<Future<Void>> results = new ArrayList<>(messages.size());
    List<Req> requests = new ArrayList<>();
    List<Integer> sent = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      try {
        requests.add(unary.parser().parseFrom(messages.get(i).payload()));
        sent.add(i);
        results.add(null);
      } catch (InvalidProtocolBufferException e) {
        results.add(Future.failedFuture(new PermanentFailure("unreadable outbox payload", e)));
      }
    }
    if (requests.isEmpty()) {
      return results;
    }
    Future<List<Future<Void>>> answered =
        GrpcCalls.unary(
                unary.client(),
                unary.address(),
                unary.apiKey(),
                method,
                batchOf.apply(requests),
                unary.deadline())
            .map(response -> itemResults(statusesOf.apply(response), requests.size()))
            .recover(e -> refused(e, sent.stream().map(messages::get).toList()));
    for (int k = 0; k < sent.size(); k++) {
      int item = k;
      results.set(sent.get(k), answered.compose(items -> items.get(item)));
    }
    return results;
  }

  private boolean usingUnary() {
    if (unaryNow && System.nanoTime() - unaryUntilNanos > 0) {
      unaryNow = false;
    }
    return unaryNow;
  }

  private List<Future<Void>> oneByOne(List<OutboxMessage> messages) {
    return messages.stream().map(unary::deliver).toList();
  }

  /** The call failed as a whole: resend one by one if the batch was refused, else retry all. */
  private Future<List<Future<Void>>> refused(Throwable failure, List<OutboxMessage> messages) {
    GrpcStatus status = GrpcCalls.statusOf(failure);
    if (status == GrpcStatus.UNIMPLEMENTED) {
      if (!unaryNow) {
        log.info("{} not served by the receiver yet; sending one by one", method.methodName());
      }
      unaryNow = true;
      unaryUntilNanos = System.nanoTime() + UNARY_AFTER_UNIMPLEMENTED_NANOS;
      return Future.succeededFuture(oneByOne(messages));
    }
    if (status == GrpcStatus.INVALID_ARGUMENT) {
      return Future.succeededFuture(oneByOne(messages));
    }
    return Future.failedFuture(GrpcDelivery.parkedIfPermanent(method, failure));
  }

  private List<Future<Void>> itemResults(List<com.google.rpc.Status> statuses, int expected) {
    if (statuses.size() != expected) {
      IllegalStateException wrong =
          new IllegalStateException(
              method.methodName() + " answered " + statuses.size() + " of " + expected);
      return java.util.Collections.nCopies(expected, Future.failedFuture(wrong));
    }
    return statuses.stream().map(this::itemResult).toList();
  }

  /** An item's status as the unary call would have ended: OK, or its failure. */
  private Future<Void> itemResult(com.google.rpc.Status status) {
    if (status.getCode() == GrpcStatus.OK.code) {
      return Future.succeededFuture();
    }
    GrpcStatus code = GrpcStatus.valueOf(status.getCode());
    String reason = method.methodName() + " item " + code.name() + ": " + status.getMessage();
    return Future.failedFuture(
        GrpcCalls.isPermanent(code) ? new PermanentFailure(reason, null) : new ItemFailure(reason));
  }

  /** One item of a batch failed with a status worth a retry. */
  static final class ItemFailure extends RuntimeException {
    ItemFailure(String message) {
      super(message, null, false, false);
    }
  }
}
