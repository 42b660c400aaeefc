package dev.leadrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.BacktestOutcome;
import dev.leadrouter.v1.BacktestRequest;
import dev.leadrouter.v1.BacktestResponse;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.UpsertRepRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backtest over real gRPC and PostgreSQL: a draft is compared with the published matrix lead by
 * lead, turns advance only in memory (continuing from the stored turn), nothing is written, and
 * 10,000 leads take well under 5 seconds.
 */
class MatrixBacktestTest {
  private static final String PUBLISHED =
      """
      catch_all_queue: catch-all
      queues:
        - id: na
          members: [alice, bob]
        - id: catch-all
          members: [sam]
      rules:
        - id: na-leads
          priority: 10
          when: lead.location.country_code in ['US', 'CA']
          queue: na
      """;
  private static final String DRAFT =
      """
      catch_all_queue: catch-all
      queues:
        - id: na
          members: [alice, bob]
        - id: emea
          members: [chloe]
        - id: catch-all
          members: [sam]
      rules:
        - id: na-leads
          priority: 10
          when: lead.location.country_code in ['US', 'CA']
          queue: na
        - id: emea-leads
          priority: 20
          when: lead.location.country_code in ['DE', 'FR']
          queue: emea
      """;

  private Vertx vertx;
  private RoutingVerticle routing;
  private GrpcClient client;
  private Pool db;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    var settings =
        TestSettings.fresh(
            Map.of(
                "ROUTING_NOTIFY_ADDRESS", "127.0.0.1:1",
                "ROUTING_SLA_ADDRESS", "127.0.0.1:1",
                "LEADROUTER_OUTBOX_POLL_INTERVAL", "1h"));
    routing = new RoutingVerticle(settings);
    await(vertx.deployVerticle(routing));
    // A 5,000-lead answer is larger than the client's default 256 KiB limit.
    client =
        GrpcClient.client(
            vertx, new io.vertx.grpc.client.GrpcClientOptions().setMaxMessageSize(8 << 20));
    db =
        PgBuilder.pool()
            .connectingTo(
                PgConnectOptions.fromUri(settings.required("LEADROUTER_DB_URL"))
                    .addProperty("search_path", "routing"))
            .using(vertx)
            .build();
    for (String id : List.of("alice", "bob", "chloe", "sam")) {
      call(
          RoutingServiceGrpcClient.UpsertRep,
          UpsertRepRequest.newBuilder()
              .setRep(
                  Rep.newBuilder()
                      .setRepId(id)
                      .setDisplayName(id)
                      .setEmail(id + "@example.com")
                      .setTimeZone("UTC")
                      .setActive(true))
              .build());
    }
    call(
        RoutingServiceGrpcClient.PublishMatrix,
        PublishMatrixRequest.newBuilder()
            .setPublishedBy("test")
            .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
            .setSource(PUBLISHED)
            .build());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void tenThousandLeadsAreReplayedSideBySideWithoutMovingATurn() throws Exception {
    Assignment real = route(lead("US"));
    assertThat(real.getRepId()).isEqualTo("alice");
    long cursor = count("SELECT coalesce(sum(next_ticket), 0) FROM queue_cursors");

    String[] countries = {"US", "DE", "BR", "CA"};
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      leads.add(lead(countries[i % countries.length]));
    }
    // Once cold (first use of the draft and the code paths), then the measured run.
    long coldStart = System.nanoTime();
    backtest(leads.subList(0, 5000));
    long cold = (System.nanoTime() - coldStart) / 1_000_000;
    long started = System.nanoTime();
    List<BacktestOutcome> outcomes = new ArrayList<>();
    for (int from = 0; from < leads.size(); from += 5000) {
      BacktestResponse r = backtest(leads.subList(from, from + 5000));
      assertThat(r.getBaselineVersion()).isEqualTo(1);
      outcomes.addAll(r.getOutcomesList());
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "Backtest: 10,000 leads against two matrices in %d ms (first 5,000 cold: %d ms)%n",
        ms, cold);
    assertThat(ms).isLessThan(5000);

    assertThat(outcomes).hasSize(10_000);
    assertThat(outcomes.get(0).getLeadId()).isEqualTo(leads.get(0).getLeadId());
    // North America is the same in both; within a call the turn continues from the stored one.
    assertThat(outcomes.get(0).getBaseline().getRepId()).isEqualTo("bob");
    assertThat(outcomes.get(3).getBaseline().getRepId()).isEqualTo("alice");
    assertThat(outcomes.get(0).getDraft()).isEqualTo(outcomes.get(0).getBaseline());
    // Germany moves from the catch-all to the new EMEA queue; Brazil stays in the catch-all.
    BacktestOutcome de = outcomes.get(1);
    assertThat(de.getBaseline().getCatchAll()).isTrue();
    assertThat(de.getBaseline().getRepId()).isEqualTo("sam");
    assertThat(de.getDraft().getQueueId()).isEqualTo("emea");
    assertThat(de.getDraft().getRuleId()).isEqualTo("emea-leads");
    assertThat(outcomes.get(2).getDraft().getQueueId()).isEqualTo("catch-all");

    // Nothing stored, no turn taken: the next real route is the one that was due.
    assertThat(count("SELECT count(*) FROM assignments")).isEqualTo(1);
    assertThat(count("SELECT coalesce(sum(next_ticket), 0) FROM queue_cursors")).isEqualTo(cursor);
    assertThat(route(lead("CA")).getRepId()).isEqualTo("bob");
  }

  @Test
  void aDraftThatDoesNotValidateIsRefusedWithItsPaths() {
    assertThatThrownBy(
            () ->
                call(
                    RoutingServiceGrpcClient.Backtest,
                    BacktestRequest.newBuilder()
                        .setSource(PUBLISHED.replace("queue: na", "queue: nowhere"))
                        .addLeads(lead("US"))
                        .build()))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .cause()
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e).actualStatus())
                    .isEqualTo(GrpcStatus.INVALID_ARGUMENT));
  }

  private BacktestResponse backtest(List<Lead> leads) throws Exception {
    return call(
        RoutingServiceGrpcClient.Backtest,
        BacktestRequest.newBuilder()
            .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
            .setSource(DRAFT)
            .addAllLeads(leads)
            .build());
  }

  private static Lead lead(String country) {
    return Lead.newBuilder()
        .setLeadId(UUID.randomUUID().toString())
        .setContact(Contact.newBuilder().setEmail("buyer@corp.example"))
        .setLocation(Location.newBuilder().setCountryCode(country))
        .build();
  }

  private Assignment route(Lead lead) throws Exception {
    return call(RoutingServiceGrpcClient.Route, RouteRequest.newBuilder().setLead(lead).build());
  }

  private long count(String sql) throws Exception {
    return await(db.query(sql).execute()).iterator().next().getLong(0);
  }

  private <Req, Resp> Resp call(ServiceMethod<Resp, Req> method, Req request) throws Exception {
    return await(
        GrpcCalls.unary(
            client,
            SocketAddress.inetSocketAddress(routing.grpcPort(), "127.0.0.1"),
            TestSettings.INTERNAL_KEY,
            method,
            request,
            Duration.ofSeconds(30)));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
