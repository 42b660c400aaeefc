package dev.leadrouter.runtime.host;

import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.runtime.http.HttpJsonGateway;
import dev.leadrouter.runtime.http.HttpRoute;
import dev.leadrouter.runtime.http.OpenApiDocument;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.grpc.health.HealthService;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A service's two listeners: gRPC (its API, grpc.health.v1, server reflection so grpcurl works) and
 * HTTP ({@code /health/live}, {@code /health/ready}, {@code /metrics} for Prometheus, plus whatever
 * routes the service adds).
 *
 * <p>Every RPC with a {@code google.api.http} rule is also served as HTTP/JSON on both listeners by
 * the same gRPC server (one handler, one auth check); the HTTP listener serves its OpenAPI document
 * at {@code /openapi.json}. On the HTTP listener the service's own routes come first only where the
 * method and path are not those of an RPC route.
 *
 * <p>Readiness is reported per gRPC service name; the empty name (what a Kubernetes {@code grpc}
 * probe sends unless {@code service:} is set) always answers SERVING in vertx-grpc-health, so it is
 * only a liveness signal. Kubernetes readiness probes name the service or use {@code
 * /health/ready}.
 */
public final class ServiceEndpoints {
  private final HttpServer grpc;
  private final HttpServer http;

  private ServiceEndpoints(HttpServer grpc, HttpServer http) {
    this.grpc = grpc;
    this.http = http;
  }

  public static Future<ServiceEndpoints> start(
      Vertx vertx,
      EndpointConfig config,
      List<Service> services,
      Supplier<Future<Boolean>> readiness,
      ServiceMetrics metrics,
      Consumer<Router> routes) {
    GrpcServer grpcServer =
        GrpcServer.server(
            vertx,
            new GrpcServerOptions()
                .setScheduleDeadlineAutomatically(true)
                .setMaxMessageSize(4 * 1024 * 1024));
    HealthService health = HealthService.create(vertx);
    List<HttpRoute> httpRoutes = new ArrayList<>();
    for (Service s : services) {
      if (s instanceof GrpcServiceBinding binding) {
        binding.recordMetrics(metrics.registry());
        httpRoutes.addAll(binding.httpRoutes());
      }
      grpcServer.addService(s);
      health.register(s.name(), readiness);
    }
    grpcServer.addService(health);
    grpcServer.addService(ReflectionService.v1());
    HttpJsonGateway httpJson = new HttpJsonGateway(grpcServer, httpRoutes);
    String openApi =
        OpenApiDocument.of(
                services.get(0).name().name() + " HTTP/JSON API", "v1", httpJson.routes())
            .encodePrettily();

    Router router = Router.router(vertx);
    router
        .get("/health/live")
        .handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("status", "UP")));
    router
        .get("/health/ready")
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
                                    new io.vertx.core.json.JsonObject()
                                        .put("status", ready ? "UP" : "DOWN")
                                        .encode())));
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    router
        .get("/openapi.json")
        .handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(openApi));
    routes.accept(router);

    Future<HttpServer> grpcListening =
        vertx
            .createHttpServer(
                new HttpServerOptions().setHost(config.host()).setHttp2ClearTextEnabled(true))
            .requestHandler(
                request -> {
                  String type = request.getHeader("content-type");
                  if (type != null && type.startsWith("application/grpc")) {
                    grpcServer.handle(request);
                  } else {
                    httpJson.handle(request);
                  }
                })
            .connectionHandler(conn -> retireWhenOld(vertx, conn, config))
            .listen(config.grpcPort());
    Future<HttpServer> httpListening =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost(config.host())
                    .setMaxInitialLineLength(4096)
                    .setMaxHeaderSize(16 * 1024))
            .requestHandler(
                request -> {
                  if (httpJson.matches(request)) {
                    httpJson.handle(request);
                  } else {
                    router.handle(request);
                  }
                })
            .listen(config.httpPort());
    return Future.all(grpcListening, httpListening)
        .map(v -> new ServiceEndpoints(grpcListening.result(), httpListening.result()));
  }

  /**
   * Long-lived HTTP/2 connections pin a client to one pod; asking each connection to go away
   * (GOAWAY, calls in flight finish) after a jittered max age makes clients reconnect and spread
   * over replicas.
   */
  private static void retireWhenOld(
      Vertx vertx, io.vertx.core.http.HttpConnection conn, EndpointConfig config) {
    long age = config.maxConnectionAge().toMillis();
    if (age <= 0) {
      return;
    }
    long jittered = age + (long) (Math.random() * age / 10);
    long timer =
        vertx.setTimer(
            jittered,
            id -> conn.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS));
    conn.closeHandler(v -> vertx.cancelTimer(timer));
  }

  public int grpcPort() {
    return grpc.actualPort();
  }

  public int httpPort() {
    return http.actualPort();
  }

  /** Stops accepting connections and waits up to the grace period for calls in flight. */
  public Future<Void> shutdown(EndpointConfig config) {
    long ms = config.shutdownGrace().toMillis();
    return Future.join(
            grpc.shutdown(ms, TimeUnit.MILLISECONDS), http.shutdown(ms, TimeUnit.MILLISECONDS))
        .mapEmpty();
  }
}
