package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every service answers HTTP and gRPC health checks, and stops listening when undeployed. */
class HealthTest {
  private static final ServiceMethod<HealthCheckResponse, HealthCheckRequest> CHECK =
      ServiceMethod.client(
          ServiceName.create("grpc.health.v1.Health"),
          "Check",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));

  private StackFixture fixture;
  private Stack stack;

  @BeforeEach
  void start() throws Exception {
    fixture = new StackFixture();
    stack = StackFixture.await(new Stack(fixture.vertx, fixture.settings).deploy());
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void everyServiceIsLiveAndReadyOverHttpAndGrpcOnItsManagementPort() throws Exception {
    WebClient web = WebClient.create(fixture.vertx);
    Map<String, Integer> managementPorts =
        Map.of(
            "CaptureService",
            stack.capture.managementPort(),
            "RoutingService",
            stack.routing.managementPort(),
            "NotifyService",
            stack.notify.managementPort(),
            "SlaService",
            stack.sla.managementPort());
    Map<String, Integer> grpcHealthPorts =
        Map.of(
            "CaptureService",
            stack.capture.managementPort(),
            "RoutingService",
            stack.routing.managementPort(),
            "NotifyService",
            stack.notify.managementPort(),
            "SlaService",
            stack.sla.managementPort());
    for (var e : managementPorts.entrySet()) {
      var ready = StackFixture.await(web.get(e.getValue(), "127.0.0.1", "/health/ready").send());
      assertThat(ready.statusCode()).as(e.getKey() + " ready").isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
      assertThat(
              StackFixture.await(web.get(e.getValue(), "127.0.0.1", "/health/live").send())
                  .statusCode())
          .isEqualTo(200);
    }
    for (var e : grpcHealthPorts.entrySet()) {
      HealthCheckResponse response = check(e.getValue(), "leadrouter.v1." + e.getKey());
      assertThat(response.getStatus())
          .as(e.getKey())
          .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
  }

  @Test
  void unknownServiceNameIsNotFound() throws Exception {
    GrpcClient client = GrpcClient.client(fixture.vertx);
    var response =
        StackFixture.await(
            client
                .request(
                    SocketAddress.inetSocketAddress(stack.capture.managementPort(), "127.0.0.1"),
                    CHECK)
                .compose(
                    call ->
                        call.end(
                                HealthCheckRequest.newBuilder()
                                    .setService("leadrouter.v1.Nope")
                                    .build())
                            .compose(v -> call.response())));
    StackFixture.await(response.end().otherwiseEmpty());
    assertThat(response.status()).isEqualTo(GrpcStatus.NOT_FOUND);
  }

  @Test
  void undeployedServiceStopsListening() throws Exception {
    int port = stack.capture.managementPort();
    StackFixture.await(stack.undeploy(stack.capture));
    ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () ->
                StackFixture.await(
                    WebClient.create(fixture.vertx).get(port, "127.0.0.1", "/health/live").send()));
    assertThat(refused.getCause()).isInstanceOf(ConnectException.class);
  }

  /**
   * Regression (issue 11): health, metrics and reflection answered on capture's public ports, so
   * anyone who could post a lead could read the service's internals.
   */
  @Test
  void managementEndpointsAreNotOnThePublicPorts() throws Exception {
    WebClient web = WebClient.create(fixture.vertx);
    for (String path : new String[] {"/metrics", "/health/live", "/health/ready"}) {
      assertThat(
              StackFixture.await(web.get(stack.capture.httpPort(), "127.0.0.1", path).send())
                  .statusCode())
          .as(path + " on the public HTTP port")
          .isEqualTo(404);
    }
    GrpcClient client = GrpcClient.client(fixture.vertx);
    var health =
        StackFixture.await(
            client
                .request(
                    SocketAddress.inetSocketAddress(stack.capture.grpcPort(), "127.0.0.1"), CHECK)
                .compose(
                    call ->
                        call.end(HealthCheckRequest.getDefaultInstance())
                            .compose(v -> call.response())));
    StackFixture.await(health.end().otherwiseEmpty());
    assertThat(health.status()).isEqualTo(GrpcStatus.UNIMPLEMENTED);
    var reflection =
        StackFixture.await(
            client
                .request(SocketAddress.inetSocketAddress(stack.capture.grpcPort(), "127.0.0.1"))
                .compose(
                    call -> {
                      call.fullMethodName(
                          "grpc.reflection.v1.ServerReflection/ServerReflectionInfo");
                      return call.end(io.vertx.core.buffer.Buffer.buffer())
                          .compose(v -> call.response());
                    }));
    StackFixture.await(reflection.end().otherwiseEmpty());
    assertThat(reflection.status()).isEqualTo(GrpcStatus.UNIMPLEMENTED);
  }

  private HealthCheckResponse check(int port, String service) throws Exception {
    GrpcClient client = GrpcClient.client(fixture.vertx);
    return StackFixture.await(
        client
            .request(SocketAddress.inetSocketAddress(port, "127.0.0.1"), CHECK)
            .compose(
                call ->
                    call.end(HealthCheckRequest.newBuilder().setService(service).build())
                        .compose(v -> call.response())
                        .compose(r -> r.last())));
  }
}
