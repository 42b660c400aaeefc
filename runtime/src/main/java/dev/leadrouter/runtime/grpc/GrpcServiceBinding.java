package dev.leadrouter.runtime.grpc;

import com.google.protobuf.Descriptors;
import dev.leadrouter.runtime.auth.ApiKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Binds handlers to the generated method descriptors of one gRPC service.
 *
 * <p>We bind methods ourselves instead of extending the generated {@code *GrpcService} because its
 * glue fails calls with a bare status: it cannot attach the {@code google.rpc.BadRequest} details
 * that {@link GrpcFailures} adds. The service descriptor is kept, so reflection still lists it.
 */
public final class GrpcServiceBinding implements Service {
  private final ServiceName name;
  private final Descriptors.ServiceDescriptor descriptor;
  private final ApiKeys apiKeys;
  private final List<Consumer<GrpcServer>> binders = new ArrayList<>();
  private MeterRegistry registry;

  /**
   * Every method bound here requires an API key in the {@code authorization} (Bearer) or {@code
   * x-api-key} metadata.
   */
  public GrpcServiceBinding(
      ServiceName name, Descriptors.ServiceDescriptor descriptor, ApiKeys apiKeys) {
    this.name = name;
    this.descriptor = descriptor;
    this.apiKeys = apiKeys;
  }

  /** Authenticates a call before its first message is read; on failure answers UNAUTHENTICATED. */
  private boolean authenticated(GrpcServerRequest<?, ?> request) {
    String header = request.headers().get("authorization");
    if (header == null) {
      header = request.headers().get("x-api-key");
    }
    try {
      apiKeys.authenticate(header);
      return true;
    } catch (RuntimeException e) {
      GrpcFailures.fail(request.response(), e);
      return false;
    }
  }

  /** A unary method: one request in, one response (or a mapped failure) out. */
  public <Req, Resp> GrpcServiceBinding unary(
      ServiceMethod<Req, Resp> method, Function<Req, Future<Resp>> impl) {
    binders.add(
        server ->
            server.callHandler(
                method,
                request -> {
                  if (!authenticated(request)) {
                    return;
                  }
                  request.handler(
                      message -> {
                        Future<Resp> result;
                        try {
                          result = impl.apply(message);
                        } catch (RuntimeException e) {
                          result = Future.failedFuture(e);
                        }
                        long started = System.nanoTime();
                        result.onComplete(
                            ar -> {
                              record(
                                  method,
                                  ar.succeeded() ? "OK" : GrpcFailures.statusOf(ar.cause()).name(),
                                  started);
                              if (ar.succeeded()) {
                                request.response().end(ar.result());
                              } else {
                                GrpcFailures.fail(request.response(), ar.cause());
                              }
                            });
                      });
                }));
    return this;
  }

  /** A streaming method; the handler drives the request and response streams itself. */
  public <Req, Resp> GrpcServiceBinding streaming(
      ServiceMethod<Req, Resp> method, Handler<GrpcServerRequest<Req, Resp>> handler) {
    binders.add(
        server ->
            server.callHandler(
                method,
                request -> {
                  if (authenticated(request)) {
                    handler.handle(request);
                  }
                }));
    return this;
  }

  /**
   * Times every unary call ({@code grpc.server.calls}, tagged by method and status) in this
   * registry.
   */
  public void recordMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  private void record(ServiceMethod<?, ?> method, String status, long startedNanos) {
    if (registry != null) {
      Timer.builder("grpc.server.calls")
          .tag("method", name.name() + "/" + method.methodName())
          .tag("status", status)
          .publishPercentileHistogram()
          .register(registry)
          .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public ServiceName name() {
    return name;
  }

  @Override
  public Descriptors.ServiceDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public void bind(GrpcServer server) {
    binders.forEach(b -> b.accept(server));
  }
}
