package dev.leadrouter.notify;

import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.ListDeliveriesRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A deployed NotifyVerticle on a fresh database, called over a real gRPC socket. */
final class RunningNotify implements AutoCloseable {
  final Vertx vertx;
  final NotifyVerticle verticle;
  final GrpcClient client;
  final SocketAddress address;

  private RunningNotify(Vertx vertx, NotifyVerticle verticle) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.client = GrpcClient.client(vertx);
    this.address = SocketAddress.inetSocketAddress(verticle.grpcPort(), "127.0.0.1");
  }

  /** Starts the service sending mail to 127.0.0.1:{@code smtpPort}, plus any extra settings. */
  static RunningNotify start(int smtpPort, Map<String, String> extra) {
    return start(dev.leadrouter.runtime.testing.TestDatabase.newDatabase(), smtpPort, extra);
  }

  /** As {@link #start(int, Map)}, on the given database (the test reads its tables too). */
  static RunningNotify start(int smtpPort, Map<String, String> extra, String dbUrl) {
    return start(dbUrl, smtpPort, extra);
  }

  /** Starts a replica on an existing database (several replicas share one). */
  static RunningNotify start(String dbUrl, int smtpPort, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("NOTIFY_SMTP_HOST", "127.0.0.1");
    values.put("NOTIFY_SMTP_PORT", Integer.toString(smtpPort));
    values.put("NOTIFY_SMTP_STARTTLS", "DISABLED");
    values.putAll(extra);
    Vertx vertx = Vertx.vertx();
    NotifyVerticle verticle = new NotifyVerticle(TestSettings.forDatabase(dbUrl, values));
    await(vertx.deployVerticle(verticle));
    return new RunningNotify(vertx, verticle);
  }

  <Req, Resp> Resp call(ServiceMethod<Resp, Req> method, Req request) {
    return await(
        GrpcCalls.unary(
            client, address, TestSettings.INTERNAL_KEY, method, request, Duration.ofSeconds(10)));
  }

  /**
   * How a call ended: its status, message and the field paths of any google.rpc.BadRequest detail.
   */
  record Outcome(GrpcStatus status, String message, List<String> badFields) {}

  /** Makes a call and reports how it ended, with the given authorization header (null = none). */
  <Req, Resp> Outcome outcomeOf(
      ServiceMethod<Resp, Req> method, Req request, String authorization) {
    return await(
        client
            .request(address, method)
            .compose(
                c -> {
                  if (authorization != null) {
                    c.headers().set("authorization", authorization);
                  }
                  return c.end(request).compose(v -> c.response());
                })
            .compose(
                response ->
                    response
                        .last()
                        .transform(
                            ar ->
                                Future.succeededFuture(
                                    new Outcome(
                                        response.status(),
                                        response.statusMessage(),
                                        badFields(response))))));
  }

  private static List<String> badFields(io.vertx.grpc.client.GrpcClientResponse<?, ?> response) {
    // A failure before any message is a "Trailers-Only" response: the status and its details
    // arrive in the headers frame, which is where grpc-java looks too.
    String details = response.trailers().get("grpc-status-details-bin");
    if (details == null) {
      details = response.headers().get("grpc-status-details-bin");
    }
    if (details == null) {
      return List.of();
    }
    try {
      com.google.rpc.Status status =
          com.google.rpc.Status.parseFrom(java.util.Base64.getDecoder().decode(details));
      List<String> fields = new java.util.ArrayList<>();
      for (com.google.protobuf.Any any : status.getDetailsList()) {
        any.unpack(com.google.rpc.BadRequest.class)
            .getFieldViolationsList()
            .forEach(v -> fields.add(v.getField()));
      }
      return fields;
    } catch (Exception e) {
      throw new AssertionError("malformed grpc-status-details-bin", e);
    }
  }

  List<Delivery> deliveriesOfAssignment(String assignmentId) {
    return call(
            NotifyServiceGrpcClient.ListDeliveries,
            ListDeliveriesRequest.newBuilder().setAssignmentId(assignmentId).build())
        .getDeliveriesList();
  }

  /**
   * Waits until the assignment's delivery over {@code channel} reaches {@code status}, and returns
   * it.
   */
  Delivery awaitDelivery(
      String assignmentId,
      dev.leadrouter.v1.Channel channel,
      dev.leadrouter.v1.DeliveryStatus status,
      Duration within) {
    org.awaitility.Awaitility.await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                deliveriesOfAssignment(assignmentId).stream()
                    .anyMatch(d -> d.getChannel() == channel && d.getStatus() == status));
    return deliveriesOfAssignment(assignmentId).stream()
        .filter(d -> d.getChannel() == channel)
        .findFirst()
        .orElseThrow();
  }

  /** The {@code leadrouter_notify_channel_paused} gauge of one credential in this replica. */
  double channelPaused(String credential) {
    var gauge =
        verticle
            .metrics()
            .registry()
            .find("leadrouter.notify.channel.paused")
            .tag("channel", credential)
            .gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static int freePort() {
    return dev.leadrouter.runtime.testing.TestPorts.free();
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
