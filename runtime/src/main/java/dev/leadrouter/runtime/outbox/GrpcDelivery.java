package dev.leadrouter.runtime.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import io.vertx.core.Future;
import io.vertx.core.net.Address;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Relays one outbox topic to a unary gRPC method of another service. Receivers are idempotent on
 * the assignment id, so a repeat after a lost answer is harmless.
 */
public final class GrpcDelivery<Req, Resp> implements OutboxHandler {
  private final GrpcClient client;
  private final Address address;
  private final String apiKey;
  private final ServiceMethod<Resp, Req> method;
  private final Parser<Req> parser;
  private final Duration deadline;

  public GrpcDelivery(
      GrpcClient client,
      Address address,
      String apiKey,
      ServiceMethod<Resp, Req> method,
      Parser<Req> parser,
      Duration deadline) {
    this.client = client;
    this.address = address;
    this.apiKey = apiKey;
    this.method = method;
    this.parser = parser;
    this.deadline = deadline;
  }

  /**
   * This topic relayed through a batch method when rows wait: up to {@link #BATCH_SIZE} rows per
   * call and {@link #BATCH_CALLS} calls in flight (see {@link BatchedDelivery}); a single row, or a
   * receiver refusing the batch, still goes through this unary method.
   *
   * @param batchOf the batch request of these requests
   * @param statusesOf each item's status from the answer, in request order; OK (code 0) for
   *     success, so a result's {@code getError()}, unset on success, serves as is
   */
  public <BatchReq, BatchResp> OutboxHandler batchedAs(
      ServiceMethod<BatchResp, BatchReq> method,
      Function<List<Req>, BatchReq> batchOf,
      Function<BatchResp, List<com.google.rpc.Status>> statusesOf) {
    return new BatchedDelivery(
        new GrpcBatchDelivery<>(this, method, batchOf, statusesOf), BATCH_SIZE, BATCH_CALLS);
  }

  /**
   * Rows per batch call. Small enough that a call's answer, which waits for its slowest row, holds
   * few others back: with 4 calls of 32 the system benchmark's burst p99 doubled.
   */
  static final int BATCH_SIZE = 16;

  /**
   * Batch calls in flight per topic before rows wait to share the next: as many as a relay under
   * moderate load ever has, so batches form only under real pressure (a burst, a slow receiver).
   */
  static final int BATCH_CALLS = 16;

  GrpcClient client() {
    return client;
  }

  Address address() {
    return address;
  }

  String apiKey() {
    return apiKey;
  }

  Parser<Req> parser() {
    return parser;
  }

  Duration deadline() {
    return deadline;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    Req request;
    try {
      request = parser.parseFrom(message.payload());
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture(new PermanentFailure("unreadable outbox payload", e));
    }
    return GrpcCalls.unary(client, address, apiKey, method, request, deadline)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(parkedIfPermanent(method, e)));
  }

  /**
   * A status the receiver will answer the same way every time (a permanent one) parks the row; any
   * other failure is retried.
   */
  static Throwable parkedIfPermanent(ServiceMethod<?, ?> method, Throwable failure) {
    return GrpcCalls.isPermanent(failure)
        ? new PermanentFailure(method.methodName() + " refused: " + failure.getMessage(), failure)
        : failure;
  }
}
