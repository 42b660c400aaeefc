package dev.leadrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.ListAssignmentsRequest;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SetRepStatusRequest;
import dev.leadrouter.v1.SkipReason;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routing-service over real gRPC and PostgreSQL. notify and sla are not running: their calls stay
 * in the outbox, which is what these tests inspect.
 */
class RoutingServiceTest {
  private static final String MATRIX =
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
                // Nothing listens here: handoffs must wait in the outbox.
                "ROUTING_NOTIFY_ADDRESS",
                "127.0.0.1:1",
                "ROUTING_SLA_ADDRESS",
                "127.0.0.1:1",
                "LEADROUTER_OUTBOX_POLL_INTERVAL",
                "1h"));
    routing = new RoutingVerticle(settings);
    await(vertx.deployVerticle(routing));
    client = GrpcClient.client(vertx);
    db =
        PgBuilder.pool()
            .connectingTo(
                PgConnectOptions.fromUri(settings.required("LEADROUTER_DB_URL"))
                    .addProperty("search_path", "routing"))
            .using(vertx)
            .build();
    for (String id : List.of("alice", "bob", "sam")) {
      call(
          RoutingServiceGrpcClient.UpsertRep,
          UpsertRepRequest.newBuilder().setRep(rep(id)).build());
    }
    call(
        RoutingServiceGrpcClient.PublishMatrix,
        PublishMatrixRequest.newBuilder()
            .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
            .setSource(MATRIX)
            .setPublishedBy("test")
            .build());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void routeIsIdempotentPerLead() throws Exception {
    Lead lead = lead("US");
    Assignment first = route(lead);
    Assignment again = route(lead);
    assertThat(again.getAssignmentId()).isEqualTo(first.getAssignmentId());
    assertThat(again.getRepId()).isEqualTo(first.getRepId());
    assertThat(count("SELECT count(*) FROM assignments")).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE message_key = '"
                    + first.getAssignmentId()
                    + "'"))
        .isEqualTo(2);
  }

  @Test
  void concurrentRoutesOfOneLeadAssignItOnce() throws Exception {
    Lead lead = lead("CA");
    List<Future<Assignment>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(
          GrpcCalls.unary(
              client,
              address(),
              TestSettings.INTERNAL_KEY,
              RoutingServiceGrpcClient.Route,
              RouteRequest.newBuilder().setLead(lead).build(),
              Duration.ofSeconds(10)));
    }
    await(Future.all(calls));
    assertThat(calls.stream().map(f -> f.result().getAssignmentId()).distinct()).hasSize(1);
    assertThat(count("SELECT count(*) FROM assignments")).isEqualTo(1);
    // The losers rolled back, so they did not consume round-robin turns.
    assertThat(count("SELECT next_ticket FROM queue_cursors WHERE queue_id = 'na'")).isEqualTo(1);
  }

  @Test
  void roundRobinIsFairUnderConcurrency() throws Exception {
    List<Future<Assignment>> calls = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      calls.add(
          GrpcCalls.unary(
              client,
              address(),
              TestSettings.INTERNAL_KEY,
              RoutingServiceGrpcClient.Route,
              RouteRequest.newBuilder().setLead(lead("US")).build(),
              Duration.ofSeconds(20)));
    }
    await(Future.all(calls));
    Map<String, Long> perRep =
        calls.stream()
            .collect(Collectors.groupingBy(f -> f.result().getRepId(), Collectors.counting()));
    assertThat(perRep).containsOnly(Map.entry("alice", 30L), Map.entry("bob", 30L));
  }

  @Test
  void unavailableRepsAreSkippedAndExplained() throws Exception {
    call(
        RoutingServiceGrpcClient.SetRepStatus,
        SetRepStatusRequest.newBuilder()
            .setRepId("alice")
            .setStatus(RepStatus.REP_STATUS_AWAY)
            .build());
    for (int i = 0; i < 3; i++) {
      Assignment a = route(lead("US"));
      assertThat(a.getRepId()).isEqualTo("bob");
      assertThat(a.getTrace().getCandidatesList())
          .anySatisfy(
              c -> {
                assertThat(c.getRepId()).isEqualTo("alice");
                assertThat(c.getSkipReason()).isEqualTo(SkipReason.SKIP_REASON_STATUS);
              })
          .anySatisfy(
              c -> {
                assertThat(c.getRepId()).isEqualTo("bob");
                assertThat(c.getChosen()).isTrue();
              });
    }
  }

  @Test
  void unmatchedLeadGoesToCatchAllAndIsListedForAudit() throws Exception {
    Assignment a = route(lead("JP"));
    assertThat(a.getRepId()).isEqualTo("sam");
    assertThat(a.getCatchAll()).isTrue();
    // no rule: empty, as routing.proto says, so a user rule named catch_all stays distinguishable
    assertThat(a.getRuleId()).isEmpty();
    assertThat(a.getReason()).contains("No routing rule matched");
    route(lead("US"));
    var audit =
        call(
            RoutingServiceGrpcClient.ListAssignments,
            ListAssignmentsRequest.newBuilder().setCatchAllOnly(true).build());
    assertThat(audit.getAssignmentsList())
        .extracting(Assignment::getAssignmentId)
        .containsExactly(a.getAssignmentId());
    var byLead =
        call(
            RoutingServiceGrpcClient.GetAssignment,
            GetAssignmentRequest.newBuilder().setLeadId(a.getLeadId()).build());
    assertThat(byLead.getAssignmentId()).isEqualTo(a.getAssignmentId());
  }

  @Test
  void invalidMatrixIsRejectedWithEveryProblemAndNotPublished() throws Exception {
    String bad =
        """
        queues:
          - id: na
            members: [alice, zed]
            colour: blue
        rules:
          - id: r1
            when: lead.location.country == 'US'
            queue: nowhere
        """;
    assertThatThrownBy(
            () ->
                call(
                    RoutingServiceGrpcClient.PublishMatrix,
                    PublishMatrixRequest.newBuilder()
                        .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
                        .setSource(bad)
                        .setPublishedBy("test")
                        .build()))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.INVALID_ARGUMENT));
    assertThat(count("SELECT count(*) FROM matrix_versions")).isEqualTo(1);
  }

  @Test
  void invalidRouteRequestIsRefused() {
    assertThatThrownBy(() -> route(Lead.newBuilder().setLeadId("not-a-uuid").build()))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.INVALID_ARGUMENT));
  }

  @Test
  void listsRepsAPageAtATimeWithoutInactiveOnesUnlessAsked() throws Exception {
    call(
        RoutingServiceGrpcClient.UpsertRep,
        UpsertRepRequest.newBuilder().setRep(rep("carl").toBuilder().setActive(false)).build());
    var first =
        call(
            RoutingServiceGrpcClient.ListReps,
            dev.leadrouter.v1.ListRepsRequest.newBuilder()
                .setPage(dev.leadrouter.v1.PageRequest.newBuilder().setPageSize(2))
                .build());
    assertThat(first.getRepsList()).extracting(Rep::getRepId).containsExactly("alice", "bob");
    var second =
        call(
            RoutingServiceGrpcClient.ListReps,
            dev.leadrouter.v1.ListRepsRequest.newBuilder()
                .setPage(
                    dev.leadrouter.v1.PageRequest.newBuilder()
                        .setPageSize(2)
                        .setPageToken(first.getNextPageToken()))
                .build());
    assertThat(second.getRepsList()).extracting(Rep::getRepId).containsExactly("sam");
    assertThat(second.getNextPageToken()).isEmpty();
    var all =
        call(
            RoutingServiceGrpcClient.ListReps,
            dev.leadrouter.v1.ListRepsRequest.newBuilder().setIncludeInactive(true).build());
    assertThat(all.getRepsList())
        .extracting(Rep::getRepId)
        .containsExactly("alice", "bob", "carl", "sam");
  }

  private static Rep rep(String id) {
    return Rep.newBuilder()
        .setRepId(id)
        .setDisplayName(id)
        .setEmail(id + "@example.com")
        .setTimeZone("UTC")
        .setActive(true)
        .build();
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

  private SocketAddress address() {
    return SocketAddress.inetSocketAddress(routing.grpcPort(), "127.0.0.1");
  }

  private <Req, Resp> Resp call(ServiceMethod<Resp, Req> method, Req request) throws Exception {
    return await(
        GrpcCalls.unary(
            client, address(), TestSettings.INTERNAL_KEY, method, request, Duration.ofSeconds(10)));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
