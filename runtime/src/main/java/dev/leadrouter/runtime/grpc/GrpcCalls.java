package dev.leadrouter.runtime.grpc;

import io.vertx.core.Future;
import io.vertx.core.net.Address;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Unary calls with a deadline, the one thing the generated Vert.x clients do not set. */
public final class GrpcCalls {
  /** Statuses after which the same call will fail again: retrying only piles up load. */
  private static final Set<GrpcStatus> PERMANENT =
      EnumSet.of(
          GrpcStatus.INVALID_ARGUMENT,
          GrpcStatus.NOT_FOUND,
          GrpcStatus.ALREADY_EXISTS,
          GrpcStatus.PERMISSION_DENIED,
          GrpcStatus.UNIMPLEMENTED,
          GrpcStatus.FAILED_PRECONDITION,
          GrpcStatus.OUT_OF_RANGE,
          GrpcStatus.UNAUTHENTICATED);

  private GrpcCalls() {}

  public static <Req, Resp> Future<Resp> unary(
      GrpcClient client,
      Address address,
      String apiKey,
      ServiceMethod<Resp, Req> method,
      Req request,
      Duration deadline) {
    return client
        .request(address, method)
        .compose(
            call -> {
              call.timeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
              call.headers().set("authorization", "Bearer " + apiKey);
              return call.end(request)
                  .compose(v -> call.response())
                  .compose(response -> response.last());
            });
  }

  /**
   * The status a failed call ended with, or null when it failed before any status (connection
   * refused...).
   */
  public static GrpcStatus statusOf(Throwable failure) {
    return failure instanceof InvalidStatusException ise ? ise.actualStatus() : null;
  }

  /** True when the failure is the receiver's final word; false for anything worth a retry. */
  public static boolean isPermanent(Throwable failure) {
    return isPermanent(statusOf(failure));
  }

  /** True for a status after which the same call will fail again. */
  public static boolean isPermanent(GrpcStatus status) {
    return status != null && PERMANENT.contains(status);
  }
}
