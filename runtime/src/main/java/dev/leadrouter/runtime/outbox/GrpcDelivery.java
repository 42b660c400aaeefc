package dev.leadrouter.runtime.outbox;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import io.vertx.core.Future;
import io.vertx.core.net.Address;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Duration;

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
        .recover(
            e ->
                Future.failedFuture(
                    GrpcCalls.isPermanent(e)
                        ? new PermanentFailure(
                            method.methodName() + " refused: " + e.getMessage(), e)
                        : e));
  }
}
