package dev.leadrouter.runtime.grpc;

import com.google.protobuf.Descriptors;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.http.HttpRoute;
import dev.leadrouter.runtime.http.JsonWithDetails;
import dev.leadrouter.runtime.http.TranscodedMethod;
import dev.leadrouter.runtime.input.InputRule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.common.WireFormat;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;
import io.vertx.grpc.transcoding.TranscodingServiceMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Every method is bound with the {@link Role} it needs, and the check runs here, in the call
 * handler, before the first message is read: so a call that reaches the method by any path (plain
 * gRPC, gRPC-Web, HTTP/JSON transcoding through the same {@code GrpcServer}) is authorized the same
 * way. {@link #roles()} lists them by full method name for the endpoint enumeration test.
 */
public final class GrpcServiceBinding implements Service {
  private final ServiceName name;
  private final Descriptors.ServiceDescriptor descriptor;
  private final ApiKeys apiKeys;
  private final List<Consumer<GrpcServer>> binders = new ArrayList<>();
  private final Map<String, Role> roles = new LinkedHashMap<>();
  private final List<HttpRoute> httpRoutes = new ArrayList<>();
  private MeterRegistry registry;

  /**
   * Every method bound here requires an API key in the {@code authorization} (Bearer) or {@code
   * x-api-key} metadata whose role grants the method's role.
   */
  public GrpcServiceBinding(
      ServiceName name, Descriptors.ServiceDescriptor descriptor, ApiKeys apiKeys) {
    this.name = name;
    this.descriptor = descriptor;
    this.apiKeys = apiKeys;
  }

  /**
   * Authorizes a call before its first message is read; on failure answers UNAUTHENTICATED (no or
   * an unknown key) or PERMISSION_DENIED (a key whose role does not grant the method's).
   */
  private boolean authorized(GrpcServerRequest<?, ?> request, Role required) {
    String header =
        ApiKeys.presented(
            request.headers().get("authorization"), request.headers().get("x-api-key"));
    try {
      apiKeys.authorize(header, required);
      return true;
    } catch (RuntimeException e) {
      GrpcFailures.fail(request.response(), e);
      return false;
    }
  }

  /** A unary method: one request in, one response (or a mapped failure) out. */
  public <Req, Resp> GrpcServiceBinding unary(
      ServiceMethod<Req, Resp> method, Role role, Function<Req, Future<Resp>> impl) {
    declare(method, role);
    binders.add(
        server ->
            server.callHandler(
                served(method),
                request -> {
                  if (!authorized(request, role)) {
                    return;
                  }
                  refuseUndecodable(request);
                  request.handler(
                      message -> {
                        if (message == null) {
                          GrpcFailures.fail(request.response(), undecodable());
                          return;
                        }
                        Future<Resp> result;
                        try {
                          if (message instanceof com.google.protobuf.Message m) {
                            // Only protobuf's own decoder has refused invalid UTF-8; a JSON body
                            // (HTTP/JSON, grpc+json) can carry a lone surrogate as an escape.
                            if (request.format() == io.vertx.grpc.common.WireFormat.PROTOBUF) {
                              InputRule.checkDecoded(m);
                            } else {
                              InputRule.check(m, "");
                            }
                          }
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
      ServiceMethod<Req, Resp> method, Role role, Handler<GrpcServerRequest<Req, Resp>> handler) {
    declare(method, role);
    binders.add(
        server ->
            server.callHandler(
                served(method),
                request -> {
                  if (authorized(request, role)) {
                    refuseUndecodable(request);
                    handler.handle(request);
                  }
                }));
    return this;
  }

  /**
   * A message that does not decode is the caller's error: INVALID_ARGUMENT (Vert.x would cancel the
   * call, which callers read as their own cancellation). A streaming handler may install its own
   * handler after this one to finish what is in flight first.
   */
  private static void refuseUndecodable(GrpcServerRequest<?, ?> request) {
    request.invalidMessageHandler(
        e -> {
          if (e instanceof MessageSizeOverflowException) {
            request.response().status(GrpcStatus.RESOURCE_EXHAUSTED).end();
          } else {
            GrpcFailures.fail(request.response(), undecodable());
          }
        });
  }

  /**
   * The method as served: a method with a {@code google.api.http} rule in proto/ is generated as a
   * transcoding method and bound once so it answers both gRPC and HTTP/JSON (see {@link
   * TranscodedMethod}); both wire formats then pass the same role check and handler. Either way its
   * protobuf decoder is {@link #tolerant}.
   */
  private <Req, Resp> ServiceMethod<Req, Resp> served(ServiceMethod<Req, Resp> method) {
    if (!(method instanceof TranscodingServiceMethod<Req, Resp> generated)
        || generated.options() == null) {
      return tolerant(method);
    }
    Descriptors.MethodDescriptor rpc = descriptor.findMethodByName(method.methodName());
    if (rpc == null) {
      return tolerant(method); // bound under another service's descriptor (tests, benchmarks)
    }
    httpRoutes.addAll(HttpRoute.of(generated.options(), rpc));
    return new TranscodedMethod<>(generated, tolerant(method).decoder(), rpc.getInputType());
  }

  /** The HTTP/JSON routes of the methods bound so far, from their google.api.http rules. */
  public List<HttpRoute> httpRoutes() {
    return List.copyOf(httpRoutes);
  }

  /**
   * The method with a decoder that yields null for a message that does not decode, instead of
   * throwing: Vert.x cancels the call on a decoding exception, while a handler seeing null can
   * answer INVALID_ARGUMENT (and a stream can first finish the message before it).
   */
  private static <Req, Resp> ServiceMethod<Req, Resp> tolerant(ServiceMethod<Req, Resp> method) {
    GrpcMessageDecoder<Req> strict = method.decoder();
    GrpcMessageDecoder<Req> decoder =
        new GrpcMessageDecoder<>() {
          @Override
          public Req decode(GrpcMessage message) {
            try {
              return strict.decode(message);
            } catch (RuntimeException e) { // CodecException, or a parser failing otherwise
              return null;
            }
          }

          @Override
          public boolean accepts(WireFormat format) {
            return strict.accepts(format);
          }
        };
    return ServiceMethod.server(
        method.serviceName(),
        method.methodName(),
        JsonWithDetails.encoder(method.encoder()),
        decoder);
  }

  /** The failure for a message that does not decode as the method's request type. */
  public static InvalidInputException undecodable() {
    return new InvalidInputException("message", "could not be decoded as this method's request");
  }

  private void declare(ServiceMethod<?, ?> method, Role role) {
    if (role == null) {
      throw new IllegalArgumentException(method.methodName() + " needs a role");
    }
    if (roles.putIfAbsent(fullName(method), role) != null) {
      throw new IllegalStateException(fullName(method) + " is bound twice");
    }
  }

  private String fullName(ServiceMethod<?, ?> method) {
    return name.fullyQualifiedName() + "/" + method.methodName();
  }

  /**
   * The role each bound method needs, by full method name ({@code leadrouter.v1.X/Method}); a
   * method of the descriptor missing here is not served (UNIMPLEMENTED).
   */
  public Map<String, Role> roles() {
    return Map.copyOf(roles);
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
