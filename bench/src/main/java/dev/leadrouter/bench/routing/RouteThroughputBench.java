package dev.leadrouter.bench.routing;

import dev.leadrouter.routing.RoutingVerticle;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.BatchNotifyResponse;
import dev.leadrouter.v1.BatchRouteRequest;
import dev.leadrouter.v1.BatchStartClockResponse;
import dev.leadrouter.v1.Clock;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.NotifyResponse;
import dev.leadrouter.v1.NotifyResult;
import dev.leadrouter.v1.NotifyServiceGrpcService;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RouteResult;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.RoutingServiceGrpcService;
import dev.leadrouter.v1.SlaServiceGrpcService;
import dev.leadrouter.v1.StartClockResult;
import dev.leadrouter.v1.UpsertRepRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.server.GrpcServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Route RPC throughput and latency with the database write (assignment, queue turn, two outbox rows
 * in one transaction, then relayed to stand-ins for notify and sla that accept everything), beside
 * a Vert.x gRPC echo (same server stack, no work) measured in the same run on the same machine.
 * Lead i matches rule i % 4 and so spreads over the matrix's four queues (each queue's turn is a
 * row lock held until commit, so one queue alone is bounded by commit latency).
 *
 * <pre>
 * ./mvnw -q -B -pl bench exec:java -Dexec.mainClass=dev.leadrouter.bench.routing.RouteThroughputBench -Dexec.args="[seconds] [inFlight] [rules]"
 * (exec:java's compile-scope class path lacks Prometheus' runtime-scope exposition jar: run it with
 * java -cp target/classes:$(mvn dependency:build-classpath -Dmdep.includeScope=runtime ...) instead)
 * </pre>
 */
public final class RouteThroughputBench {
  private static final String[] COUNTRIES = {"US", "DE", "FR", "GB"};

  private RouteThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int rules = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    String db = TestDatabase.newDatabase();
    Vertx vertx = Vertx.vertx();
    try {
      // notify and sla stand-ins that accept every call, so the outbox relay drains as in
      // production
      GrpcServer downstream = GrpcServer.server(vertx);
      ApiKeys internal = ApiKeys.of(Role.INTERNAL, Map.of("internal", TestSettings.INTERNAL_KEY));
      downstream.addService(
          new GrpcServiceBinding(
                  NotifyServiceGrpcService.SERVICE_NAME,
                  NotifyServiceGrpcService.SERVICE_DESCRIPTOR,
                  internal)
              .unary(
                  NotifyServiceGrpcService.Notify,
                  Role.INTERNAL,
                  r -> Future.succeededFuture(NotifyResponse.getDefaultInstance()))
              .unary(
                  NotifyServiceGrpcService.BatchNotify,
                  Role.INTERNAL,
                  r ->
                      Future.succeededFuture(
                          BatchNotifyResponse.newBuilder()
                              .addAllResults(
                                  java.util.Collections.nCopies(
                                      r.getRequestsCount(), NotifyResult.getDefaultInstance()))
                              .build())));
      downstream.addService(
          new GrpcServiceBinding(
                  SlaServiceGrpcService.SERVICE_NAME,
                  SlaServiceGrpcService.SERVICE_DESCRIPTOR,
                  internal)
              .unary(
                  SlaServiceGrpcService.StartClock,
                  Role.INTERNAL,
                  r -> Future.succeededFuture(Clock.getDefaultInstance()))
              .unary(
                  SlaServiceGrpcService.BatchStartClock,
                  Role.INTERNAL,
                  r ->
                      Future.succeededFuture(
                          BatchStartClockResponse.newBuilder()
                              .addAllResults(
                                  java.util.Collections.nCopies(
                                      r.getRequestsCount(), StartClockResult.getDefaultInstance()))
                              .build())));
      int downstreamPort =
          await(vertx.createHttpServer().requestHandler(downstream).listen(0, "127.0.0.1"))
              .actualPort();
      RoutingVerticle routing =
          new RoutingVerticle(
              TestSettings.forDatabase(
                  db,
                  Map.of(
                      "ROUTING_NOTIFY_ADDRESS",
                      "127.0.0.1:" + downstreamPort,
                      "ROUTING_SLA_ADDRESS",
                      "127.0.0.1:" + downstreamPort,
                      "ROUTING_DB_POOL_SIZE",
                      "16")));
      await(vertx.deployVerticle(routing));
      GrpcClient client = GrpcClient.client(vertx);
      SocketAddress address = SocketAddress.inetSocketAddress(routing.grpcPort(), "127.0.0.1");
      for (String id : BenchMatrices.REPS) {
        await(
            GrpcCalls.unary(
                client,
                address,
                TestSettings.INTERNAL_KEY,
                RoutingServiceGrpcClient.UpsertRep,
                UpsertRepRequest.newBuilder()
                    .setRep(
                        Rep.newBuilder()
                            .setRepId(id)
                            .setDisplayName(id)
                            .setEmail(id + "@example.com")
                            .setTimeZone("UTC")
                            .setActive(true))
                    .build(),
                Duration.ofSeconds(10)));
      }
      String matrix = BenchMatrices.yaml(rules);
      await(
          GrpcCalls.unary(
              client,
              address,
              TestSettings.INTERNAL_KEY,
              RoutingServiceGrpcClient.PublishMatrix,
              PublishMatrixRequest.newBuilder()
                  .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
                  .setSource(matrix)
                  .setPublishedBy("bench")
                  .build(),
              Duration.ofSeconds(30)));
      AtomicLong n = new AtomicLong();
      Supplier<Lead> leads =
          () -> {
            long i = n.getAndIncrement();
            return Lead.newBuilder()
                .setLeadId(UUID.randomUUID().toString())
                .setSource(LeadSource.newBuilder().setSourceId("web"))
                .setInquiryText("pricing please")
                .setContact(Contact.newBuilder().setEmail("buyer@corp.example"))
                .addProductInterests("product-1")
                .setLocation(
                    Location.newBuilder()
                        .setCountryCode(COUNTRIES[(int) (i % 4)])
                        .setPostalCode("20001"))
                .setCompany(
                    dev.leadrouter.v1.Company.newBuilder().setEmployeeCount((int) (i % 4) + 1))
                .build();
          };
      Supplier<Future<?>> route =
          () ->
              GrpcCalls.unary(
                      client,
                      address,
                      TestSettings.INTERNAL_KEY,
                      RoutingServiceGrpcClient.Route,
                      RouteRequest.newBuilder().setLead(leads.get()).build(),
                      Duration.ofSeconds(30))
                  .map(Assignment::getRepId);
      run("warm-up Route", vertx, route, inFlight, 1, Duration.ofSeconds(5));
      Result r =
          run("Route (with DB write)", vertx, route, inFlight, 1, Duration.ofSeconds(seconds));
      // The relay's way under load: BATCH leads per call, the same leads in flight as above.
      Supplier<Future<?>> batchRoute =
          () -> {
            BatchRouteRequest.Builder batch = BatchRouteRequest.newBuilder();
            for (int i = 0; i < BATCH; i++) {
              batch.addRequests(RouteRequest.newBuilder().setLead(leads.get()));
            }
            return GrpcCalls.unary(
                    client,
                    address,
                    TestSettings.INTERNAL_KEY,
                    RoutingServiceGrpcClient.BatchRoute,
                    batch.build(),
                    Duration.ofSeconds(30))
                .compose(
                    answer ->
                        answer.getResultsList().stream().allMatch(RouteResult::hasAssignment)
                            ? Future.succeededFuture()
                            : Future.failedFuture("a lead of the batch was not routed"));
          };
      int batchCalls = Math.max(1, inFlight / BATCH);
      run("warm-up BatchRoute", vertx, batchRoute, batchCalls, BATCH, Duration.ofSeconds(5));
      Result b =
          run(
              "BatchRoute (" + BATCH + "/call)",
              vertx,
              batchRoute,
              batchCalls,
              BATCH,
              Duration.ofSeconds(seconds));

      GrpcServer echoServer = GrpcServer.server(vertx);
      String key = "echo-bench-key-0123456789";
      echoServer.addService(
          new GrpcServiceBinding(
                  RoutingServiceGrpcService.SERVICE_NAME,
                  RoutingServiceGrpcService.SERVICE_DESCRIPTOR,
                  ApiKeys.of(Role.INTERNAL, Map.of("bench", key)))
              .unary(
                  RoutingServiceGrpcService.Route,
                  Role.INTERNAL,
                  req ->
                      Future.succeededFuture(
                          Assignment.newBuilder().setLeadId(req.getLead().getLeadId()).build())));
      int echoPort =
          await(vertx.createHttpServer().requestHandler(echoServer).listen(0, "127.0.0.1"))
              .actualPort();
      SocketAddress echoAddress = SocketAddress.inetSocketAddress(echoPort, "127.0.0.1");
      Lead echoLead = Lead.newBuilder().setLeadId(UUID.randomUUID().toString()).build();
      Supplier<Future<?>> echo =
          () ->
              GrpcCalls.unary(
                  client,
                  echoAddress,
                  key,
                  RoutingServiceGrpcClient.Route,
                  RouteRequest.newBuilder().setLead(echoLead).build(),
                  Duration.ofSeconds(30));
      run("warm-up echo", vertx, echo, inFlight, 1, Duration.ofSeconds(3));
      Result e = run("gRPC echo (no work)", vertx, echo, inFlight, 1, Duration.ofSeconds(seconds));
      System.out.printf(
          "%nRoute / echo throughput: %.1f%%, BatchRoute leads / echo calls: %.1f%%;"
              + " matrix of %d rules, %d leads in flight, %d cores%n",
          100 * r.perSecond / e.perSecond,
          100 * b.perSecond / e.perSecond,
          rules,
          inFlight,
          Runtime.getRuntime().availableProcessors());
    } finally {
      await(vertx.close());
    }
    System.exit(0);
  }

  record Result(double perSecond, Histogram micros) {}

  /** Leads per BatchRoute call: the relays' batch size. */
  private static final int BATCH = 32;

  /**
   * @param leadsPerCall the rate printed is leads per second: calls times this
   */
  private static Result run(
      String name,
      Vertx vertx,
      Supplier<Future<?>> call,
      int inFlight,
      int leadsPerCall,
      Duration duration)
      throws Exception {
    Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong running = new AtomicLong(inFlight);
    Promise<Void> finished = Promise.promise();
    long deadline = System.nanoTime() + duration.toNanos();
    long started = System.nanoTime();
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < inFlight; i++) {
            loop(call, h, done, failed, deadline, running, finished);
          }
        });
    await(finished.future());
    double secs = (System.nanoTime() - started) / 1e9;
    double rate = done.get() * leadsPerCall / secs;
    if (!name.startsWith("warm-up")) {
      System.out.printf(
          "%-24s %8.0f leads/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  (%d calls, %d failed, %.1f s)%n",
          name,
          rate,
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(90) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getMaxValue() / 1000.0,
          done.get(),
          failed.get(),
          secs);
    }
    return new Result(rate, h);
  }

  private static void loop(
      Supplier<Future<?>> call,
      Histogram h,
      AtomicLong done,
      AtomicLong failed,
      long deadline,
      AtomicLong running,
      Promise<Void> finished) {
    if (System.nanoTime() >= deadline) {
      if (running.decrementAndGet() == 0) {
        finished.tryComplete();
      }
      return;
    }
    long t0 = System.nanoTime();
    call.get()
        .onComplete(
            ar -> {
              h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
              done.incrementAndGet();
              if (ar.failed()) {
                failed.incrementAndGet();
              }
              loop(call, h, done, failed, deadline, running, finished);
            });
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
