package dev.leadrouter.sla;

import com.google.protobuf.Message;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.grpc.GrpcFailures;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * An SLA service deployed on a fresh database, called over a real gRPC socket the way other
 * services call it.
 */
final class RunningSlaService {
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

  final Vertx vertx;
  final SlaVerticle verticle;
  final GrpcClient client;
  final SocketAddress address;
  private final String deploymentId;

  private RunningSlaService(Vertx vertx, SlaVerticle verticle, String deploymentId) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
    this.client = GrpcClient.client(vertx);
    this.address = SocketAddress.inetSocketAddress(verticle.grpcPort(), "127.0.0.1");
  }

  static RunningSlaService start(Vertx vertx, Clock clock) {
    // The first fresh database in a JVM also starts the embedded PostgreSQL server. Nothing listens
    // on port 1, so outward calls fail and stay in the outbox.
    return start(
        vertx,
        clock,
        TestSettings.fresh(
            java.util.Map.of(
                "SLA_NOTIFY_ADDRESS", "127.0.0.1:1", "SLA_ROUTING_ADDRESS", "127.0.0.1:1")));
  }

  static RunningSlaService start(Vertx vertx, Clock clock, Settings settings) {
    SlaVerticle verticle = new SlaVerticle(settings, clock);
    String id = await(vertx.deployVerticle(verticle), Duration.ofSeconds(90));
    return new RunningSlaService(vertx, verticle, id);
  }

  /**
   * A unary call with the internal API key; fails with the server's status like any client sees it.
   */
  <Req, Resp> Resp call(ServiceMethod<Resp, Req> method, Req request) {
    return await(
        GrpcCalls.unary(client, address, TestSettings.INTERNAL_KEY, method, request, CALL_DEADLINE),
        CALL_DEADLINE.plusSeconds(5));
  }

  /**
   * A unary call expected to fail; returns its status and the decoded google.rpc.Status details (or
   * null).
   */
  <Req extends Message, Resp> Failure callFailing(
      ServiceMethod<Resp, Req> method, Req request, String apiKey) {
    Future<Failure> failure =
        client
            .request(address, method)
            .compose(
                call -> {
                  if (apiKey != null) {
                    call.headers().set("authorization", "Bearer " + apiKey);
                  }
                  call.end(request);
                  return call.response();
                })
            .compose(
                response ->
                    response
                        .end()
                        .transform(
                            ended -> {
                              String details =
                                  response.trailers().get(GrpcFailures.STATUS_DETAILS_TRAILER);
                              if (details == null) {
                                // A failure before any message is a "trailers-only" response: its
                                // trailers arrive as headers.
                                details =
                                    response.headers().get(GrpcFailures.STATUS_DETAILS_TRAILER);
                              }
                              try {
                                com.google.rpc.Status decoded =
                                    details == null
                                        ? null
                                        : com.google.rpc.Status.parseFrom(
                                            Base64.getDecoder().decode(details));
                                return Future.succeededFuture(
                                    new Failure(response.status(), decoded));
                              } catch (Exception e) {
                                return Future.failedFuture(e);
                              }
                            }));
    return await(failure, CALL_DEADLINE);
  }

  /** The status code of a GET on the service's management (health, metrics) listener. */
  int managementStatus(String path) {
    var http = vertx.createHttpClient();
    Future<Integer> status =
        http.request(
                io.vertx.core.http.HttpMethod.GET, verticle.managementPort(), "127.0.0.1", path)
            .compose(request -> request.send())
            .map(response -> response.statusCode())
            .eventually(() -> http.close());
    return await(status, CALL_DEADLINE);
  }

  record Failure(GrpcStatus status, com.google.rpc.Status details) {}

  void stop() {
    await(client.close(), Duration.ofSeconds(10));
    await(vertx.undeploy(deploymentId), Duration.ofSeconds(20));
  }

  static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
