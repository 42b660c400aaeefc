package dev.leadrouter.routing;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.MatrixVersion;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.UpsertRepRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One database and any number of routing-service instances on it, called over real gRPC. notify and
 * sla are not running: their calls stay in the outbox.
 */
final class RoutingHarness implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final GrpcClient client = GrpcClient.client(vertx);
  final String dbUrl = TestDatabase.newDatabase();
  final List<RoutingVerticle> instances = new ArrayList<>();
  private final List<Vertx> replicas = new ArrayList<>();
  final Pool db;

  RoutingHarness(int instanceCount) throws Exception {
    this(instanceCount, Map.of());
  }

  /** With {@code extra} settings on every instance (e.g. a CRM to sync reps with). */
  RoutingHarness(int instanceCount, Map<String, String> extra) throws Exception {
    for (int i = 0; i < instanceCount; i++) {
      Map<String, String> values = new java.util.HashMap<>(extra);
      values.putAll(
          Map.of(
              "ROUTING_NOTIFY_ADDRESS",
              "127.0.0.1:1",
              "ROUTING_SLA_ADDRESS",
              "127.0.0.1:1",
              "LEADROUTER_OUTBOX_POLL_INTERVAL",
              "1h",
              "ROUTING_SNAPSHOT_REFRESH",
              "1h",
              "ROUTING_DB_POOL_SIZE",
              "8"));
      Settings settings = TestSettings.forDatabase(dbUrl, values);
      RoutingVerticle v = new RoutingVerticle(settings);
      // each instance gets its own Vert.x, as separate replicas would
      Vertx replica = Vertx.vertx();
      replicas.add(replica);
      await(replica.deployVerticle(v));
      instances.add(v);
    }
    db =
        PgBuilder.pool()
            .connectingTo(PgConnectOptions.fromUri(dbUrl).addProperty("search_path", "routing"))
            .using(vertx)
            .build();
  }

  static Rep rep(String id) {
    return Rep.newBuilder()
        .setRepId(id)
        .setDisplayName(id)
        .setEmail(id + "@example.com")
        .setTimeZone("UTC")
        .setActive(true)
        .build();
  }

  static Lead lead(String country) {
    return Lead.newBuilder()
        .setLeadId(UUID.randomUUID().toString())
        .setContact(Contact.newBuilder().setEmail("buyer@corp.example"))
        .setLocation(Location.newBuilder().setCountryCode(country))
        .build();
  }

  void reps(String... ids) throws Exception {
    for (String id : ids) {
      call(
          0,
          RoutingServiceGrpcClient.UpsertRep,
          UpsertRepRequest.newBuilder().setRep(rep(id)).build());
    }
  }

  MatrixVersion publish(String yaml) throws Exception {
    return call(
        0,
        RoutingServiceGrpcClient.PublishMatrix,
        PublishMatrixRequest.newBuilder()
            .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
            .setSource(yaml)
            .setPublishedBy("test")
            .build());
  }

  SocketAddress address(int instance) {
    return SocketAddress.inetSocketAddress(instances.get(instance).grpcPort(), "127.0.0.1");
  }

  <Req, Resp> Future<Resp> send(int instance, ServiceMethod<Resp, Req> method, Req request) {
    return GrpcCalls.unary(
        client,
        address(instance),
        TestSettings.INTERNAL_KEY,
        method,
        request,
        Duration.ofSeconds(30));
  }

  /** How a call ended: its gRPC status and message (OK and "" for a success). */
  record Outcome(GrpcStatus status, String message) {}

  /**
   * Makes a call and reports how it ended, so a test can tell one refusal from another by its
   * message. A failure before any status (connection refused) fails the future.
   */
  <Req, Resp> Outcome outcome(int instance, ServiceMethod<Resp, Req> method, Req request)
      throws Exception {
    return await(
        client
            .request(address(instance), method)
            .compose(
                call -> {
                  call.timeout(30, TimeUnit.SECONDS);
                  call.headers().set("authorization", "Bearer " + TestSettings.INTERNAL_KEY);
                  return call.end(request).compose(v -> call.response());
                })
            .compose(
                response ->
                    response
                        .last()
                        .transform(
                            ended -> {
                              String message = response.statusMessage();
                              return Future.succeededFuture(
                                  new Outcome(response.status(), message == null ? "" : message));
                            })));
  }

  <Req, Resp> Resp call(int instance, ServiceMethod<Resp, Req> method, Req request)
      throws Exception {
    return await(send(instance, method, request));
  }

  long count(String sql) throws Exception {
    return await(db.query(sql).execute()).iterator().next().getLong(0);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    for (Vertx replica : replicas) {
      await(replica.close());
    }
    await(vertx.close());
  }

  /** Runs the calls with at most {@code parallel} in flight. */
  static Future<Void> bounded(List<Supplier<Future<?>>> calls, int parallel) {
    Deque<Supplier<Future<?>>> queue = new ArrayDeque<>(calls);
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      Promise<Void> done = Promise.promise();
      next(queue, done);
      workers.add(done.future());
    }
    return Future.all(workers).mapEmpty();
  }

  private static void next(Deque<Supplier<Future<?>>> queue, Promise<Void> done) {
    Supplier<Future<?>> call;
    synchronized (queue) {
      call = queue.poll();
    }
    if (call == null) {
      done.tryComplete();
      return;
    }
    call.get()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                done.tryFail(ar.cause());
              } else {
                next(queue, done);
              }
            });
  }
}
