package dev.leadrouter.sla.outbound;

import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import io.vertx.core.Future;
import io.vertx.core.net.Address;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Duration;

/**
 * Unary calls from sla-service's outbox handlers to another service, with one difference from
 * {@link dev.leadrouter.runtime.outbox.GrpcDelivery}: UNIMPLEMENTED is retried (with the relay's
 * backoff, at most every 30 s) instead of parking the row, because it means "that replica runs an
 * older build" during a rolling upgrade, which passes. Other permanent statuses park the row.
 */
public final class PeerCalls {
  private final GrpcClient client;
  private final Address address;
  private final String apiKey;
  private final Duration deadline;

  public PeerCalls(GrpcClient client, Address address, String apiKey, Duration deadline) {
    this.client = client;
    this.address = address;
    this.apiKey = apiKey;
    this.deadline = deadline;
  }

  public <Req, Resp> Future<Resp> call(ServiceMethod<Resp, Req> method, Req request) {
    return GrpcCalls.unary(client, address, apiKey, method, request, deadline)
        .recover(e -> Future.failedFuture(verdict(method.methodName(), e)));
  }

  /**
   * The failure the relay should see: {@link PermanentFailure} parks the row, anything else
   * retries.
   */
  static Throwable verdict(String method, Throwable e) {
    GrpcStatus status = GrpcCalls.statusOf(e);
    if (status == GrpcStatus.UNIMPLEMENTED) {
      return new IllegalStateException(
          method + " is not implemented by the receiver yet; will retry", e);
    }
    return GrpcCalls.isPermanent(e)
        ? new PermanentFailure(method + " refused: " + e.getMessage(), e)
        : e;
  }
}
