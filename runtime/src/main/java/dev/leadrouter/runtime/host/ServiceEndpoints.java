package dev.leadrouter.runtime.host;

import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A service's two listeners: gRPC (its API, grpc.health.v1, server reflection so grpcurl works) and
 * HTTP ({@code /health/live}, {@code /health/ready}, {@code /metrics} for Prometheus, plus whatever
 * routes the service adds).
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
      Consumer<Router> httpRoutes) {
    GrpcServer grpcServer =
        GrpcServer.server(
            vertx,
            new GrpcServerOptions()
                .setScheduleDeadlineAutomatically(true)
                .setMaxMessageSize(4 * 1024 * 1024));
    HealthService health = HealthService.create(vertx);
    for (Service s : services) {
      if (s instanceof GrpcServiceBinding binding) {
        binding.recordMetrics(metrics.registry());
      }
      grpcServer.addService(s);
      health.register(s.name(), readiness);
    }
    grpcServer.addService(health);
    grpcServer.addService(ReflectionService.v1());

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
    httpRoutes.accept(router);

    Future<HttpServer> grpcListening =
        vertx
            .createHttpServer(
                new HttpServerOptions().setHost(config.host()).setHttp2ClearTextEnabled(true))
            .requestHandler(grpcServer)
            .connectionHandler(conn -> retireWhenOld(vertx, conn, config))
            .listen(config.grpcPort());
    Future<HttpServer> httpListening =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost(config.host())
                    .setMaxInitialLineLength(4096)
                    .setMaxHeaderSize(16 * 1024))
            .requestHandler(router)
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
