package dev.leadrouter.routing;

import static dev.leadrouter.routing.RoutingHarness.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Capacity;
import dev.leadrouter.v1.GetMatrixRequest;
import dev.leadrouter.v1.ListAssignmentsRequest;
import dev.leadrouter.v1.MatrixVersion;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.ReassignRequest;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.RecordFirstTouchRequest;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.RollbackMatrixRequest;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SetRepStatusRequest;
import dev.leadrouter.v1.SkipReason;
import dev.leadrouter.v1.UpsertRepRequest;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routing engine end to end in one instance: strategies, caps, reassignment, rollback,
 * simulate.
 */
class RoutingEngineTest {
  private static final String MATRIX =
      """
      territories:
        na: { countries: [US, CA] }
      scoring:
        - id: enterprise
          when: lead.company.employee_count >= 1000
          points: 50
      queues:
        - id: na
          members: [alice, bob]
          backup_queue: overflow
        - id: weighted
          strategy: weighted
          members: [{rep: carol, weight: 3}, {rep: dave, weight: 1}]
        - id: balanced
          strategy: load_balanced
          members: [erin, frank]
        - id: overflow
          members: [gina]
        - id: catch-all
          members: [sam]
      rules:
        - id: big
          priority: 5
          when: score >= 50
          queue: weighted
        - id: de
          priority: 8
          when: lead.location.country_code == 'DE'
          queue: balanced
        - id: na-leads
          priority: 10
          when: in_territory(lead, 'na')
          queue: na
      catch_all_queue: catch-all
      """;

  private RoutingHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new RoutingHarness(1);
    h.reps("alice", "bob", "carol", "dave", "erin", "frank", "gina", "sam");
    h.publish(MATRIX);
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private Assignment route(dev.leadrouter.v1.Lead lead) throws Exception {
    return h.call(
        0, RoutingServiceGrpcClient.Route, RouteRequest.newBuilder().setLead(lead).build());
  }

  private static dev.leadrouter.v1.Lead big() {
    return lead("FR").toBuilder()
        .setCompany(dev.leadrouter.v1.Company.newBuilder().setEmployeeCount(5000))
        .build();
  }

  @Test
  void weightedQueueFollowsWeightsOverEveryWindowAndStoresScoreAndVersion() throws Exception {
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Assignment a = route(big());
      picks.add(a.getRepId());
      assertThat(a.getRuleId()).isEqualTo("big");
      assertThat(a.getTrace().getScore()).isEqualTo(50);
      assertThat(a.getTrace().getScoreContributionsList()).containsExactly("enterprise: +50");
      assertThat(a.getTrace().getStrategy()).isEqualTo("weighted");
      assertThat(a.getMatrixVersion()).isEqualTo(1);
    }
    assertThat(picks)
        .containsExactly("carol", "carol", "dave", "carol", "carol", "carol", "dave", "carol");
  }

  @Test
  void loadBalancedQueueCountsOpenLeadsUntilFirstTouch() throws Exception {
    Assignment first = route(lead("DE"));
    Assignment second = route(lead("DE"));
    assertThat(List.of(first.getRepId(), second.getRepId()))
        .containsExactlyInAnyOrder("erin", "frank");
    // the first owner touches their lead: they now have fewer open leads and get the next one
    Assignment touched =
        h.call(
            0,
            RoutingServiceGrpcClient.RecordFirstTouch,
            RecordFirstTouchRequest.newBuilder()
                .setAssignmentId(first.getAssignmentId())
                .setTouchedAt(Timestamps.fromMillis(System.currentTimeMillis()))
                .build());
    assertThat(touched.hasFirstTouchedAt()).isTrue();
    assertThat(route(lead("DE")).getRepId()).isEqualTo(first.getRepId());
    // idempotent: the first touch time wins
    Assignment again =
        h.call(
            0,
            RoutingServiceGrpcClient.RecordFirstTouch,
            RecordFirstTouchRequest.newBuilder()
                .setAssignmentId(first.getAssignmentId())
                .setTouchedAt(Timestamps.fromMillis(System.currentTimeMillis() + 60_000))
                .build());
    assertThat(again.getFirstTouchedAt()).isEqualTo(touched.getFirstTouchedAt());
  }

  @Test
  void capsSkipFullRepsAndFallBackWhenTheWholeQueueIsFull() throws Exception {
    for (String id : List.of("alice", "bob")) {
      h.call(
          0,
          RoutingServiceGrpcClient.UpsertRep,
          UpsertRepRequest.newBuilder()
              .setRep(
                  RoutingHarness.rep(id).toBuilder()
                      .setCapacity(
                          Capacity.newBuilder()
                              .setMaxOpenLeads(id.equals("alice") ? 1 : 2)
                              .setMaxLeadsPerDay(5)))
              .build());
    }
    List<String> reps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      reps.add(route(lead("US")).getRepId());
    }
    assertThat(reps.subList(0, 3)).containsExactlyInAnyOrder("alice", "bob", "bob");
    Assignment overflow = route(lead("CA"));
    assertThat(reps.get(3)).isEqualTo("gina");
    assertThat(overflow.getRepId()).isEqualTo("gina");
    assertThat(overflow.getTrace().getCandidatesList())
        .filteredOn(c -> c.getRepId().equals("alice"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getSkipReason()).isEqualTo(SkipReason.SKIP_REASON_OVER_CAPACITY);
              assertThat(c.getDetail()).isEqualTo("na: 1/1 open leads");
            });
    assertThat(overflow.getTrace().getFallbacksList())
        .containsExactly("every available member is at capacity in na: trying overflow");
    // every candidate says which queue it was checked in
    assertThat(overflow.getTrace().getCandidatesList())
        .extracting(c -> c.getQueueId() + "/" + c.getRepId())
        .containsExactly("na/alice", "na/bob", "overflow/gina");
    assertThat(overflow.getReason()).contains("fell back to queue overflow");
  }

  @Test
  void simulateReturnsTheDecisionAndTraceButStoresAndMovesNothing() throws Exception {
    route(lead("US"));
    long cursor = h.count("SELECT next_ticket FROM queue_cursors WHERE queue_id = 'na'");
    var sim1 =
        h.call(
            0,
            RoutingServiceGrpcClient.Simulate,
            RouteRequest.newBuilder().setLead(lead("US").toBuilder().clearLeadId()).build());
    var sim2 =
        h.call(
            0,
            RoutingServiceGrpcClient.Simulate,
            RouteRequest.newBuilder().setLead(lead("US")).build());
    assertThat(sim1.getAssignment().getAssignmentId()).isEmpty();
    assertThat(sim1.getAssignment().getRepId())
        .isEqualTo("bob")
        .isEqualTo(sim2.getAssignment().getRepId());
    assertThat(sim1.getAssignment().getTrace().getRulesList()).hasSize(3);
    assertThat(h.count("SELECT count(*) FROM assignments")).isEqualTo(1);
    assertThat(h.count("SELECT next_ticket FROM queue_cursors WHERE queue_id = 'na'"))
        .isEqualTo(cursor);
    assertThat(h.count("SELECT count(*) FROM outbox")).isEqualTo(2);
    assertThat(route(lead("US")).getRepId()).isEqualTo("bob");
  }

  /**
   * Normalizing a raw lead is capture's job: with capture out of reach Simulate says so
   * (UNAVAILABLE) rather than deciding on a lead capture would store differently. (The happy path,
   * against a real capture-service, is MessyLeadsEndToEndTest in deploy/standalone.)
   */
  @Test
  void simulateOfARawLeadNeedsCaptureAndRouteRefusesTheOption() {
    assertThatThrownBy(
            () ->
                h.call(
                    0,
                    RoutingServiceGrpcClient.Simulate,
                    RouteRequest.newBuilder()
                        .setLead(lead("Deutschland").toBuilder().clearLeadId())
                        .setNormalize(true)
                        .build()))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.UNAVAILABLE));
    assertThatThrownBy(
            () ->
                h.call(
                    0,
                    RoutingServiceGrpcClient.Route,
                    RouteRequest.newBuilder().setLead(lead("US")).setNormalize(true).build()))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.INVALID_ARGUMENT));
  }

  @Test
  void reassignExcludesEveryEarlierOwnerNotifiesBothAndIsIdempotent() throws Exception {
    var lead = lead("US");
    Assignment first = route(lead);
    ReassignRequest request =
        ReassignRequest.newBuilder()
            .setLeadId(lead.getLeadId())
            .setReason("no answer")
            .setRequestedBy("sla")
            .setIdempotencyKey("esc-1")
            .build();
    Assignment second = h.call(0, RoutingServiceGrpcClient.Reassign, request);
    assertThat(second.getRepId()).isNotEqualTo(first.getRepId()).isIn("alice", "bob");
    assertThat(second.getSequence()).isEqualTo(1);
    assertThat(second.getPreviousAssignmentId()).isEqualTo(first.getAssignmentId());
    assertThat(second.getRequestedBy()).isEqualTo("sla");
    // the note is the assignment's, not a fallback of the decision
    assertThat(second.getReassignReason()).isEqualTo("no answer");
    assertThat(second.getTrace().getFallbacksList()).noneMatch(f -> f.contains("no answer"));
    assertThat(h.call(0, RoutingServiceGrpcClient.Reassign, request).getAssignmentId())
        .isEqualTo(second.getAssignmentId());

    // a second escalation excludes both earlier owners, so na is exhausted: its backup takes it
    Assignment third =
        h.call(
            0,
            RoutingServiceGrpcClient.Reassign,
            request.toBuilder().setIdempotencyKey("esc-2").build());
    assertThat(third.getRepId()).isEqualTo("gina");
    assertThat(third.getTrace().getCandidatesList())
        .filteredOn(c -> c.getSkipReason() == SkipReason.SKIP_REASON_PREVIOUS_OWNER)
        .extracting(c -> c.getRepId())
        .containsExactlyInAnyOrder("alice", "bob");
    assertThat(h.count("SELECT count(*) FROM assignments WHERE current")).isEqualTo(1);
    assertThat(h.count("SELECT count(*) FROM assignments")).isEqualTo(3);

    // a retry without a key, identical to the request that made the current assignment, is also a
    // no-op
    ReassignRequest manual =
        ReassignRequest.newBuilder()
            .setLeadId(lead.getLeadId())
            .setReason("customer asked")
            .setRequestedBy("ops@corp.example")
            .build();
    Assignment fourth = h.call(0, RoutingServiceGrpcClient.Reassign, manual);
    assertThat(fourth.getRepId()).isEqualTo("sam");
    // its rule matched; it only fell back to the catch-all queue: not a catch-all assignment
    assertThat(fourth.getQueueId()).isEqualTo("catch-all");
    assertThat(fourth.getRuleId()).isEqualTo("na-leads");
    assertThat(fourth.getCatchAll()).isFalse();
    assertThat(h.call(0, RoutingServiceGrpcClient.Reassign, manual).getAssignmentId())
        .isEqualTo(fourth.getAssignmentId());
    // now every rep has owned it: explicit exclusions on top leave nobody, and the lead stays with
    // sam
    assertThatThrownBy(
            () ->
                h.call(
                    0,
                    RoutingServiceGrpcClient.Reassign,
                    manual.toBuilder().setReason("again").build()))
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.UNAVAILABLE));
    assertThat(h.count("SELECT count(*) FROM assignments WHERE current AND rep_id = 'sam'"))
        .isEqualTo(1);
  }

  @Test
  void reassignNotificationsAndClock() throws Exception {
    var lead = lead("US");
    Assignment first = route(lead);
    Assignment second =
        h.call(
            0,
            RoutingServiceGrpcClient.Reassign,
            ReassignRequest.newBuilder()
                .setLeadId(lead.getLeadId())
                .setReason("vacation")
                .setRequestedBy("ops")
                .build());
    var rows =
        RoutingHarness.await(
            h.db
                .preparedQuery(
                    "SELECT topic, payload FROM outbox WHERE message_key = $1 ORDER BY id")
                .execute(io.vertx.sqlclient.Tuple.of(second.getAssignmentId())));
    List<String> topics = new ArrayList<>();
    rows.forEach(r -> topics.add(r.getString("topic")));
    assertThat(topics).containsExactly("notify.notify", "sla.start_clock");
    NotifyRequest notify =
        NotifyRequest.parseFrom(rows.iterator().next().getBuffer("payload").getBytes());
    assertThat(notify.getKind()).isEqualTo(NotificationKind.NOTIFICATION_KIND_REASSIGNMENT);
    assertThat(notify.getRecipientsList())
        .extracting(r -> r.getRepId(), r -> r.getRole())
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(
                second.getRepId(), RecipientRole.RECIPIENT_ROLE_OWNER),
            org.assertj.core.api.Assertions.tuple(
                first.getRepId(), RecipientRole.RECIPIENT_ROLE_PREVIOUS_OWNER));
  }

  @Test
  void reassignOfAnUnknownLeadIsNotFoundAndBadRequestsAreInvalid() {
    assertThatThrownBy(
            () ->
                h.call(
                    0,
                    RoutingServiceGrpcClient.Reassign,
                    ReassignRequest.newBuilder()
                        .setLeadId(java.util.UUID.randomUUID().toString())
                        .setRequestedBy("ops")
                        .build()))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.NOT_FOUND));
    assertThatThrownBy(
            () ->
                h.call(
                    0,
                    RoutingServiceGrpcClient.Reassign,
                    ReassignRequest.newBuilder().setLeadId("x").build()))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.INVALID_ARGUMENT));
  }

  @Test
  void nobodyAvailableAnywhereIsUnavailableAndStoresNothing() throws Exception {
    for (String id : List.of("alice", "bob", "gina", "sam")) {
      h.call(
          0,
          RoutingServiceGrpcClient.SetRepStatus,
          SetRepStatusRequest.newBuilder()
              .setRepId(id)
              .setStatus(RepStatus.REP_STATUS_OFFLINE)
              .build());
    }
    h.call(
        0,
        RoutingServiceGrpcClient.UpsertRep,
        UpsertRepRequest.newBuilder()
            .setRep(RoutingHarness.rep("sam").toBuilder().setActive(false))
            .build());
    assertThatThrownBy(() -> route(lead("US")))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.UNAVAILABLE));
    assertThat(h.count("SELECT count(*) FROM assignments")).isZero();
    assertThat(h.instances.get(0).metrics().scrape())
        .contains("routing_unroutable_total{service=\"routing-service\"} 1.0");
    // back online: the retried lead is routed
    h.call(
        0,
        RoutingServiceGrpcClient.SetRepStatus,
        SetRepStatusRequest.newBuilder()
            .setRepId("bob")
            .setStatus(RepStatus.REP_STATUS_AVAILABLE)
            .build());
    assertThat(route(lead("US")).getRepId()).isEqualTo("bob");
  }

  @Test
  void rollbackPublishesACopyAndNewAssignmentsRecordTheirVersion() throws Exception {
    assertThat(route(lead("US")).getMatrixVersion()).isEqualTo(1);
    h.publish(MATRIX.replace("in_territory(lead, 'na')", "lead.location.country_code == 'XX'"));
    Assignment v2 = route(lead("US"));
    assertThat(v2.getMatrixVersion()).isEqualTo(2);
    assertThat(v2.getQueueId()).isEqualTo("catch-all");
    assertThat(v2.getCatchAll()).isTrue();
    MatrixVersion v3 =
        h.call(
            0,
            RoutingServiceGrpcClient.RollbackMatrix,
            RollbackMatrixRequest.newBuilder().setToVersion(1).setRequestedBy("ops").build());
    assertThat(v3.getVersion()).isEqualTo(3);
    assertThat(v3.getRolledBackFrom()).isEqualTo(1);
    assertThat(v3.getActive()).isTrue();
    assertThat(v3.getSource()).isEqualTo(MATRIX);
    Assignment after = route(lead("US"));
    assertThat(after.getMatrixVersion()).isEqualTo(3);
    assertThat(after.getQueueId()).isEqualTo("na");
    assertThat(
            h.call(
                    0,
                    RoutingServiceGrpcClient.GetMatrix,
                    GetMatrixRequest.newBuilder().setVersion(1).build())
                .getActive())
        .isFalse();
    var audit =
        h.call(
            0,
            RoutingServiceGrpcClient.ListAssignments,
            ListAssignmentsRequest.newBuilder().setCatchAllOnly(true).build());
    assertThat(audit.getAssignmentsList())
        .extracting(Assignment::getAssignmentId)
        .containsExactly(v2.getAssignmentId());
    assertThatThrownBy(
            () ->
                h.call(
                    0,
                    RoutingServiceGrpcClient.RollbackMatrix,
                    RollbackMatrixRequest.newBuilder()
                        .setToVersion(99)
                        .setRequestedBy("ops")
                        .build()))
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.NOT_FOUND));
  }

  @Test
  void publishWarningsAreKeptWithTheVersionAndPublishedByIsRequired() throws Exception {
    String warned =
        MATRIX.replace(
            "when: in_territory(lead, 'na')", "when: lead.location.country_code == 'us'");
    MatrixVersion published = h.publish(warned);
    assertThat(published.getWarningsList())
        .anySatisfy(w -> assertThat(w).contains("compares lead.location.country_code with 'us'"));
    MatrixVersion got =
        h.call(
            0,
            RoutingServiceGrpcClient.GetMatrix,
            GetMatrixRequest.newBuilder().setVersion(published.getVersion()).build());
    assertThat(got.getWarningsList()).isEqualTo(published.getWarningsList());
    assertThat(
            h.call(
                    0,
                    RoutingServiceGrpcClient.ListMatrixVersions,
                    dev.leadrouter.v1.ListMatrixVersionsRequest.getDefaultInstance())
                .getVersions(0)
                .getWarningsList())
        .isEqualTo(published.getWarningsList());
    MatrixVersion rolledBack =
        h.call(
            0,
            RoutingServiceGrpcClient.RollbackMatrix,
            RollbackMatrixRequest.newBuilder()
                .setToVersion(published.getVersion())
                .setRequestedBy("ops")
                .build());
    assertThat(rolledBack.getWarningsList()).isEqualTo(published.getWarningsList());

    assertThatThrownBy(
            () ->
                h.call(
                    0,
                    RoutingServiceGrpcClient.PublishMatrix,
                    dev.leadrouter.v1.PublishMatrixRequest.newBuilder()
                        .setFormat(dev.leadrouter.v1.MatrixFormat.MATRIX_FORMAT_YAML)
                        .setSource(MATRIX)
                        .build()))
        .hasCauseInstanceOf(InvalidStatusException.class)
        .satisfies(
            e ->
                assertThat(((InvalidStatusException) e.getCause()).actualStatus())
                    .isEqualTo(GrpcStatus.INVALID_ARGUMENT));
  }

  @Test
  void listAssignmentsFiltersAndPages() throws Exception {
    for (int i = 0; i < 5; i++) {
      route(lead("US"));
    }
    var page1 =
        h.call(
            0,
            RoutingServiceGrpcClient.ListAssignments,
            ListAssignmentsRequest.newBuilder()
                .setRepId("alice")
                .setPage(dev.leadrouter.v1.PageRequest.newBuilder().setPageSize(2))
                .build());
    assertThat(page1.getAssignmentsList())
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.getRepId()).isEqualTo("alice"));
    var page2 =
        h.call(
            0,
            RoutingServiceGrpcClient.ListAssignments,
            ListAssignmentsRequest.newBuilder()
                .setRepId("alice")
                .setPage(
                    dev.leadrouter.v1.PageRequest.newBuilder()
                        .setPageSize(2)
                        .setPageToken(page1.getNextPageToken()))
                .build());
    assertThat(page2.getAssignmentsList()).hasSize(1);
    assertThat(page2.getNextPageToken()).isEmpty();
    Map<String, Long> perQueue =
        h
            .call(
                0,
                RoutingServiceGrpcClient.ListAssignments,
                ListAssignmentsRequest.newBuilder().setQueueId("na").build())
            .getAssignmentsList()
            .stream()
            .collect(Collectors.groupingBy(Assignment::getRepId, Collectors.counting()));
    assertThat(perQueue).containsOnly(Map.entry("alice", 3L), Map.entry("bob", 2L));
  }
}
