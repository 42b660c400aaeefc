package dev.leadrouter.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.grpc.BatchCalls;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.v1.BatchStartClockRequest;
import dev.leadrouter.v1.BatchStartClockResponse;
import dev.leadrouter.v1.Clock;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.SlaServiceGrpcService;
import dev.leadrouter.v1.StartClockRequest;
import dev.leadrouter.v1.StartClockResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.StatusException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's batch client against a receiver over a real socket: each row's outcome comes from its
 * own item, and a receiver that refuses the batch as a whole still gets the rows one by one.
 */
class GrpcBatchDeliveryTest {
  private static final String KEY = "internal-key-0123456789";
  private static final String BATCH_PATH = "/leadrouter.v1.SlaService/BatchStartClock";
  private static final String UNARY_PATH = "/leadrouter.v1.SlaService/StartClock";

  private Vertx vertx;
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<String> started = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  /** A stand-in SlaService: "busy-*" is UNAVAILABLE, "bad-*" invalid, anything else started. */
  private Future<Clock> startClock(StartClockRequest r) {
    String id = r.getAssignmentId();
    if (id.startsWith("busy")) {
      return Future.failedFuture(new StatusException(GrpcStatus.UNAVAILABLE, "try later"));
    }
    if (id.startsWith("bad")) {
      throw new InvalidInputException("assignment_id", "is not a UUID");
    }
    started.add(id);
    return Future.succeededFuture(Clock.newBuilder().setAssignmentId(id).build());
  }

  private Future<BatchStartClockResponse> batch(BatchStartClockRequest batch) {
    return BatchCalls.each(batch.getRequestsList(), this::startClock)
        .map(
            outcomes -> {
              BatchStartClockResponse.Builder response = BatchStartClockResponse.newBuilder();
              outcomes.forEach(
                  o ->
                      response.addResults(
                          o.succeeded()
                              ? StartClockResult.newBuilder().setClock(o.response())
                              : StartClockResult.newBuilder().setError(o.error())));
              return response.build();
            });
  }

  private GrpcBatchDelivery<StartClockRequest, ?, ?> receiver(boolean servesBatch)
      throws Exception {
    GrpcServiceBinding binding =
        new GrpcServiceBinding(
                SlaServiceGrpcService.SERVICE_NAME,
                SlaServiceGrpcService.SERVICE_DESCRIPTOR,
                ApiKeys.of(Role.INTERNAL, Map.of("internal", KEY)))
            .unary(SlaServiceGrpcService.StartClock, Role.INTERNAL, this::startClock);
    if (servesBatch) {
      binding.unary(SlaServiceGrpcService.BatchStartClock, Role.INTERNAL, this::batch);
    }
    GrpcServer grpc = GrpcServer.server(vertx).addService(binding);
    int port =
        await(
                vertx
                    .createHttpServer()
                    .requestHandler(
                        request -> {
                          paths.add(request.path());
                          grpc.handle(request);
                        })
                    .listen(0, "127.0.0.1"))
            .actualPort();
    GrpcDelivery<StartClockRequest, Clock> unary =
        new GrpcDelivery<>(
            GrpcClient.client(vertx),
            SocketAddress.inetSocketAddress(port, "127.0.0.1"),
            KEY,
            SlaServiceGrpcClient.StartClock,
            StartClockRequest.parser(),
            Duration.ofSeconds(10));
    return new GrpcBatchDelivery<>(
        unary,
        SlaServiceGrpcClient.BatchStartClock,
        requests -> BatchStartClockRequest.newBuilder().addAllRequests(requests).build(),
        response -> response.getResultsList().stream().map(StartClockResult::getError).toList());
  }

  private static OutboxMessage row(String assignmentId) {
    return new OutboxMessage(
        assignmentId.hashCode(),
        "sla.start_clock",
        assignmentId,
        StartClockRequest.newBuilder().setAssignmentId(assignmentId).build().toByteArray(),
        1);
  }

  private List<Throwable> deliver(
      GrpcBatchDelivery<StartClockRequest, ?, ?> delivery, String... ids) throws Exception {
    List<Future<Void>> results =
        delivery.deliverAll(java.util.Arrays.stream(ids).map(GrpcBatchDeliveryTest::row).toList());
    return await(
        Future.join(results)
            .transform(
                done ->
                    Future.succeededFuture(
                        results.stream().map(f -> f.failed() ? f.cause() : null).toList())));
  }

  @Test
  void oneCallCarriesTheRowsAndEachRowKeepsItsItemsOutcome() throws Exception {
    List<Throwable> outcomes = deliver(receiver(true), "ok-1", "busy-2", "bad-3", "ok-4");

    assertThat(paths).containsExactly(BATCH_PATH);
    assertThat(started).containsExactlyInAnyOrder("ok-1", "ok-4");
    assertThat(outcomes.get(0)).isNull();
    assertThat(outcomes.get(1))
        .as("a transient item failure is retried, not parked")
        .isNotNull()
        .isNotInstanceOf(PermanentFailure.class)
        .hasMessageContaining("UNAVAILABLE");
    assertThat(outcomes.get(2))
        .isInstanceOf(PermanentFailure.class)
        .hasMessageContaining("INVALID_ARGUMENT");
    assertThat(outcomes.get(3)).isNull();
  }

  @Test
  void anOlderReceiverWithoutTheBatchMethodGetsTheRowsOneByOneAndIsNotAskedAgainAtOnce()
      throws Exception {
    GrpcBatchDelivery<StartClockRequest, ?, ?> delivery = receiver(false);

    assertThat(deliver(delivery, "ok-1", "ok-2", "ok-3")).containsOnlyNulls();
    assertThat(deliver(delivery, "ok-4", "ok-5")).containsOnlyNulls();

    assertThat(started).containsExactlyInAnyOrder("ok-1", "ok-2", "ok-3", "ok-4", "ok-5");
    assertThat(paths.stream().filter(BATCH_PATH::equals))
        .as("batch attempts after UNIMPLEMENTED")
        .hasSize(1);
    assertThat(paths.stream().filter(UNARY_PATH::equals)).hasSize(5);
  }

  @Test
  void aBatchRefusedAsAWholeIsResentOneByOneSoOnlyTheBadRowFails() throws Exception {
    // A NUL cannot be in any text field: the receiver refuses the whole batch that carries it.
    List<Throwable> outcomes = deliver(receiver(true), "ok-1", "nul-\u0000", "ok-3");

    assertThat(paths.get(0)).isEqualTo(BATCH_PATH);
    assertThat(paths.subList(1, paths.size())).containsOnly(UNARY_PATH).hasSize(3);
    assertThat(started).containsExactlyInAnyOrder("ok-1", "ok-3");
    assertThat(outcomes.get(0)).isNull();
    assertThat(outcomes.get(1)).isInstanceOf(PermanentFailure.class);
    assertThat(outcomes.get(2)).isNull();
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }
}
