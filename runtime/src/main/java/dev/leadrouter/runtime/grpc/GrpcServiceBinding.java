package dev.leadrouter.runtime.grpc;

import com.google.protobuf.Descriptors;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.http.HttpRoute;
import dev.leadrouter.runtime.http.TranscodedMethod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;
import io.vertx.grpc.server.StatusException;
import io.vertx.grpc.transcoding.TranscodingServiceMethod;
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
 *
 * <p>A method with a {@code google.api.http} rule in proto/ is generated as a transcoding method;
 * it is bound here once and answers both gRPC and HTTP/JSON (see {@link TranscodedMethod}), so both
 * wire formats pass the same API key check below and the same handler. A per-method role check
 * belongs in {@link #authenticated} too: it then covers every HTTP route as well.
 */
public final class GrpcServiceBinding implements Service {
  private final ServiceName name;
  private final Descriptors.ServiceDescriptor descriptor;
  private final ApiKeys apiKeys;
  private final List<Consumer<GrpcServer>> binders = new ArrayList<>();
  private final List<HttpRoute> httpRoutes = new ArrayList<>();
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
    ServiceMethod<Req, Resp> served = transcoded(method);
    binders.add(
        server ->
            server.callHandler(
                served,
                request -> {
                  if (!authenticated(request)) {
                    return;
                  }
                  request.invalidMessageHandler(
                      invalid -> GrpcFailures.fail(request.response(), unreadable(invalid)));
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

  /**
   * The generated method with Vert.x's transcoding fixed up; the same instance serves gRPC, whose
   * path is the method's full name.
   */
  private <Req, Resp> ServiceMethod<Req, Resp> transcoded(ServiceMethod<Req, Resp> method) {
    if (!(method instanceof TranscodingServiceMethod<Req, Resp> generated)
        || generated.options() == null) {
      return method;
    }
    Descriptors.MethodDescriptor rpc = descriptor.findMethodByName(method.methodName());
    if (rpc == null) {
      return method; // bound under another service's descriptor (tests, benchmarks): gRPC only
    }
    httpRoutes.addAll(HttpRoute.of(generated.options(), rpc));
    return new TranscodedMethod<>(generated, rpc.getInputType());
  }

  /**
   * A request whose message cannot be read. Only a too large one reaches here: Vert.x cancels a
   * call whose message does not decode (the HTTP/JSON side answers that with a 400 problem).
   */
  private static Throwable unreadable(Throwable invalid) {
    if (invalid instanceof MessageSizeOverflowException) {
      return new StatusException(GrpcStatus.RESOURCE_EXHAUSTED, "request message too large");
    }
    return new InvalidInputException("body", "cannot be read as the request message");
  }

  /** The HTTP/JSON routes of the methods bound so far, from their google.api.http rules. */
  public List<HttpRoute> httpRoutes() {
    return List.copyOf(httpRoutes);
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
