package dev.leadrouter.console;

import dev.leadrouter.runtime.grpc.ServiceAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The four services' gRPC APIs, called with the signed-in person's own key, so each service's
 * authentication and role check decides what that person may do; the console holds no key of its
 * own. Failures come back as {@link ServiceError}.
 */
public final class Services {
  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final int MAX_MESSAGE = 16 * 1024 * 1024;
  private final GrpcClient client;
  private final ConsoleConfig config;

  public Services(Vertx vertx, ConsoleConfig config) {
    // Backtest batches and their answers are larger than the default 256 KiB limit.
    this.client =
        GrpcClient.client(
            vertx, new io.vertx.grpc.client.GrpcClientOptions().setMaxMessageSize(MAX_MESSAGE));
    this.config = config;
  }

  public <Req, Resp> Future<Resp> capture(
      String key, ServiceMethod<Resp, Req> method, Req request) {
    return call("capture-service", socket(config.capture()), key, method, request);
  }

  public <Req, Resp> Future<Resp> routing(
      String key, ServiceMethod<Resp, Req> method, Req request) {
    return call("routing-service", socket(config.routing()), key, method, request);
  }

  public <Req, Resp> Future<Resp> notifications(
      String key, ServiceMethod<Resp, Req> method, Req request) {
    return call("notify-service", socket(config.notifications()), key, method, request);
  }

  public <Req, Resp> Future<Resp> sla(String key, ServiceMethod<Resp, Req> method, Req request) {
    return call("sla-service", socket(config.sla()), key, method, request);
  }

  /** One service address per setting; DNS names resolve on connect (a Kubernetes Service). */
  private static SocketAddress socket(ServiceAddress address) {
    return SocketAddress.inetSocketAddress(address.port(), address.host());
  }

  private <Req, Resp> Future<Resp> call(
      String service,
      io.vertx.core.net.Address address,
      String key,
      ServiceMethod<Resp, Req> method,
      Req request) {
    return client
        .request(address, method)
        .recover(e -> Future.failedFuture(ServiceError.unreachable(service, e)))
        .compose(
            call -> {
              call.timeout(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
              call.headers().set("authorization", "Bearer " + key);
              return call.end(request)
                  .compose(v -> call.response())
                  .compose(response -> response.last().recover(e -> failure(response, e)));
            });
  }

  private static <Resp> Future<Resp> failure(GrpcClientResponse<?, Resp> response, Throwable e) {
    GrpcStatus status = response.status();
    if (status == null || status == GrpcStatus.OK) {
      return Future.failedFuture(
          new ServiceError(
              GrpcStatus.UNAVAILABLE, String.valueOf(e.getMessage()), java.util.List.of()));
    }
    // A call refused before any message is "trailers-only": the status and its details then
    // arrive as headers.
    io.vertx.core.MultiMap all = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    all.addAll(response.headers());
    all.addAll(response.trailers());
    return Future.failedFuture(ServiceError.of(status, response.statusMessage(), all));
  }
}
