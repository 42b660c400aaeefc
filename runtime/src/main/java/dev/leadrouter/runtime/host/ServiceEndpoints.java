package dev.leadrouter.runtime.host;

import com.google.protobuf.Descriptors;
import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.runtime.http.HttpJsonGateway;
import dev.leadrouter.runtime.http.HttpRoute;
import dev.leadrouter.runtime.http.OpenApiDocument;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.HealthService;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A service's listeners, all bound to {@code LEADROUTER_BIND_HOST}:
 *
 * <ul>
 *   <li>gRPC: the service's API and nothing else; every method authorized by role in {@link
 *       GrpcServiceBinding}.
 *   <li>HTTP (only when the service has public routes: capture's doors, sla's ack link and
 *       webhook): every route declared with its {@link Access} in {@link DeclaredRoutes}.
 *   <li>management: {@code /health/live}, {@code /health/ready}, {@code /metrics} for Prometheus,
 *       and over h2c {@code grpc.health.v1} and server reflection (grpcurl); not meant to be
 *       exposed outside the cluster, so it needs no key.
 * </ul>
 *
 * <p>Every RPC with a {@code google.api.http} rule is also served as HTTP/JSON on both listeners by
 * the same gRPC server (one handler, one auth check); the HTTP listener serves its OpenAPI document
 * at {@code /openapi.json}. On the HTTP listener the service's own routes come first only where the
 * method and path are not those of an RPC route.
 *
 * <p>Readiness is reported per gRPC service name; the empty name (what a Kubernetes {@code grpc}
 * probe sends unless {@code service:} is set) always answers SERVING in vertx-grpc-health, so it is
 * only a liveness signal. Kubernetes readiness probes use {@code /health/ready}.
 */
public final class ServiceEndpoints {
  private final HttpServer grpc;
  private final HttpServer http;
  private final HttpServer management;
  private final DeclaredRoutes publicRoutes;
  private final DeclaredRoutes managementRoutes;
  private final Map<String, Role> grpcRoles;
  private final List<Descriptors.ServiceDescriptor> grpcServices;

  private ServiceEndpoints(
      HttpServer grpc,
      HttpServer http,
      HttpServer management,
      DeclaredRoutes publicRoutes,
      DeclaredRoutes managementRoutes,
      Map<String, Role> grpcRoles,
      List<Descriptors.ServiceDescriptor> grpcServices) {
    this.grpc = grpc;
    this.http = http;
    this.management = management;
    this.publicRoutes = publicRoutes;
    this.managementRoutes = managementRoutes;
    this.grpcRoles = grpcRoles;
    this.grpcServices = grpcServices;
  }

  public static Future<ServiceEndpoints> start(
      Vertx vertx,
      EndpointConfig config,
      ApiKeys apiKeys,
      List<GrpcServiceBinding> services,
      Supplier<Future<Boolean>> readiness,
      ServiceMetrics metrics,
      Consumer<DeclaredRoutes> httpRoutes) {
    ConnectionLimits limits = new ConnectionLimits(vertx, config);
    GrpcServer api =
        GrpcServer.server(
            vertx,
            new GrpcServerOptions()
                .setScheduleDeadlineAutomatically(true)
                .setMaxMessageSize(4 * 1024 * 1024));
    GrpcServer managementGrpc = GrpcServer.server(vertx);
    HealthService health = HealthService.create(vertx);
    Map<String, Role> roles = new LinkedHashMap<>();
    List<Descriptors.ServiceDescriptor> descriptors = new ArrayList<>();
    for (GrpcServiceBinding s : services) {
      s.recordMetrics(metrics.registry());
      api.addService(s);
      roles.putAll(s.roles());
      descriptors.add(s.descriptor());
      health.register(s.name(), readiness);
      managementGrpc.addService(describedOnly(s));
    }
    managementGrpc.addService(health);
    managementGrpc.addService(ReflectionService.v1());
    List<HttpRoute> jsonRoutes = new ArrayList<>();
    services.forEach(binding -> jsonRoutes.addAll(binding.httpRoutes()));
    HttpJsonGateway httpJson = new HttpJsonGateway(api, jsonRoutes);
    String openApi =
        OpenApiDocument.of(
                (services.isEmpty() ? "leadrouter" : services.get(0).name().name())
                    + " HTTP/JSON API",
                "v1",
                httpJson.routes())
            .encodePrettily();

    DeclaredRoutes publicRoutes =
        new DeclaredRoutes(vertx, Router.router(vertx), apiKeys, config.bodyTimeout(), false);
    httpRoutes.accept(publicRoutes);
    DeclaredRoutes managementRoutes =
        new DeclaredRoutes(vertx, Router.router(vertx), null, config.bodyTimeout(), true);
    mountManagement(managementRoutes, readiness, metrics);

    Future<HttpServer> grpcListening =
        vertx
            .createHttpServer(options(config).setHttp2ClearTextEnabled(true))
            .requestHandler(
                request -> {
                  String type = request.getHeader("content-type");
                  if (type != null && type.startsWith("application/grpc")) {
                    api.handle(request);
                  } else {
                    httpJson.handle(request);
                  }
                })
            .connectionHandler(limits.grpcConnections())
            .listen(config.grpcPort(), config.host());
    Future<HttpServer> httpListening =
        publicRoutes.declared().isEmpty() && httpJson.routes().isEmpty()
            ? Future.succeededFuture(null)
            : http1(
                    vertx,
                    config,
                    limits,
                    publicHandler(publicRoutes, httpJson, openApi),
                    config.publicH2c())
                .listen(config.httpPort(), config.host());
    Handler<HttpServerRequest> managementHandler =
        request -> {
          String type = request.getHeader("content-type");
          if (type != null && type.startsWith("application/grpc")) {
            managementGrpc.handle(request);
          } else {
            managementRoutes.router().handle(request);
          }
        };
    Future<HttpServer> managementListening =
        http1(vertx, config, limits, managementHandler, true)
            .listen(config.managementPort(), config.host());
    return Future.all(grpcListening, httpListening, managementListening)
        .map(
            v ->
                new ServiceEndpoints(
                    grpcListening.result(),
                    httpListening.result(),
                    managementListening.result(),
                    publicRoutes,
                    managementRoutes,
                    Map.copyOf(roles),
                    List.copyOf(descriptors)));
  }

  /**
   * The public HTTP listener: the RPCs' HTTP/JSON routes (authorized by role in the gRPC server,
   * like gRPC calls), the OpenAPI document describing them (no data, so no key: client generators
   * fetch it as it is), and the service's own declared routes.
   */
  private static Handler<HttpServerRequest> publicHandler(
      DeclaredRoutes publicRoutes, HttpJsonGateway httpJson, String openApi) {
    return request -> {
      if (request.method() == HttpMethod.GET && "/openapi.json".equals(request.path())) {
        request.response().putHeader("content-type", "application/json").end(openApi);
      } else if (httpJson.matches(request)) {
        httpJson.handle(request);
      } else {
        publicRoutes.router().handle(request);
      }
    };
  }

  private static HttpServerOptions options(EndpointConfig config) {
    return new HttpServerOptions()
        .setHost(config.host())
        .setIdleTimeout((int) Math.max(0, config.idleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
  }

  /**
   * An HTTP/1.1 listener. Only the management one also speaks h2c (gRPC health and reflection):
   * with h2c on, Vert.x sees a connection only once a whole request head arrived (it must look for
   * an upgrade), so the header timeout and the connection limit could not apply before that.
   */
  private static HttpServer http1(
      Vertx vertx,
      EndpointConfig config,
      ConnectionLimits limits,
      Handler<HttpServerRequest> handler,
      boolean h2c) {
    return vertx
        .createHttpServer(
            options(config)
                .setHttp2ClearTextEnabled(h2c)
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(16 * 1024))
        .requestHandler(limits.http1Requests(handler))
        .connectionHandler(limits.http1Connections());
  }

  private static void mountManagement(
      DeclaredRoutes routes, Supplier<Future<Boolean>> readiness, ServiceMetrics metrics) {
    routes
        .route(HttpMethod.GET, "/health/live", Access.management())
        .handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    routes
        .route(HttpMethod.GET, "/health/ready", Access.management())
        .handler(
            ctx ->
                readiness
                    .get()
                    .otherwise(false)
                    .onSuccess(
                        ready ->
                            ctx.response()
                                .setStatusCode(ready ? 200 : 503)
                                .putHeader("content-type", "application/json")
                                .end(
                                    new JsonObject()
                                        .put("status", ready ? "UP" : "DOWN")
                                        .encode())));
    routes
        .route(HttpMethod.GET, "/metrics", Access.management())
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
  }

  /** A service's descriptor without its handlers: reflection lists it, calls are not served. */
  private static Service describedOnly(Service s) {
    return new Service() {
      @Override
      public ServiceName name() {
        return s.name();
      }

      @Override
      public Descriptors.ServiceDescriptor descriptor() {
        return s.descriptor();
      }

      @Override
      public void bind(GrpcServer server) {}
    };
  }

  public int grpcPort() {
    return grpc.actualPort();
  }

  /** The public HTTP port, or -1 when the service has no public HTTP routes. */
  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  public int managementPort() {
    return management.actualPort();
  }

  /** The public HTTP routes with their access (endpoint enumeration test). */
  public List<DeclaredRoutes.Declared> httpRoutes() {
    return publicRoutes.declared();
  }

  /** Every route the public HTTP router actually has, declared or not. */
  public List<io.vertx.ext.web.Route> registeredHttpRoutes() {
    return publicRoutes.router().getRoutes();
  }

  public List<DeclaredRoutes.Declared> managementRoutes() {
    return managementRoutes.declared();
  }

  /** The role of every bound gRPC method, by full method name. */
  public Map<String, Role> grpcRoles() {
    return grpcRoles;
  }

  /** The descriptors of the gRPC services served (every method they list must have a role). */
  public List<Descriptors.ServiceDescriptor> grpcServices() {
    return grpcServices;
  }

  /** Stops accepting connections and waits up to the grace period for calls in flight. */
  public Future<Void> shutdown(EndpointConfig config) {
    long ms = config.shutdownGrace().toMillis();
    List<Future<Void>> all = new ArrayList<>();
    for (HttpServer s : new HttpServer[] {grpc, http, management}) {
      if (s != null) {
        all.add(s.shutdown(ms, TimeUnit.MILLISECONDS));
      }
    }
    return Future.join(all).mapEmpty();
  }
}
