package dev.leadrouter.routing;

import static dev.leadrouter.routing.RoutingHarness.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SetRepStatusRequest;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two routing-service instances (separate Vert.x, separate pools) on one database, as two replicas.
 */
class RoutingReplicasTest {
  private static final String MATRIX =
      """
      queues:
        - id: rr
          members: [ann, ben, cat]
        - id: weighted
          strategy: weighted
          members: [{rep: dan, weight: 3}, {rep: eve, weight: 1}]
        - id: catch-all
          members: [sam]
      rules:
        - id: big
          when: lead.company.employee_count >= 1000
          queue: weighted
        - id: us
          when: lead.location.country_code == 'US'
          queue: rr
      catch_all_queue: catch-all
      """;

  private static RoutingHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new RoutingHarness(2);
    h.reps("ann", "ben", "cat", "dan", "eve", "sam");
    h.publish(MATRIX);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void thousandsOfConcurrentRoutesOnTwoReplicasStayFairAndAssignEachLeadOnce() throws Exception {
    int roundRobinLeads = 750;
    int weightedLeads = 250;
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < roundRobinLeads; i++) {
      leads.add(lead("US"));
    }
    for (int i = 0; i < weightedLeads; i++) {
      leads.add(
          lead("US").toBuilder().setCompany(Company.newBuilder().setEmployeeCount(5000)).build());
    }
    // every lead is routed by both replicas at about the same time, as a retried outbox delivery
    // would
    Map<String, List<String>> answers = new ConcurrentHashMap<>();
    List<Supplier<Future<?>>> calls = new ArrayList<>();
    for (Lead lead : leads) {
      for (int instance = 0; instance < 2; instance++) {
        int i = instance;
        calls.add(
            () ->
                h.send(
                        i,
                        RoutingServiceGrpcClient.Route,
                        RouteRequest.newBuilder().setLead(lead).build())
                    .onSuccess(
                        a ->
                            answers
                                .computeIfAbsent(
                                    lead.getLeadId(),
                                    k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add(((Assignment) a).getAssignmentId())));
      }
    }
    long started = System.nanoTime();
    RoutingHarness.await(RoutingHarness.bounded(calls, 64));
    System.out.printf(
        "%d Route calls over 2 replicas in %d ms%n",
        calls.size(), (System.nanoTime() - started) / 1_000_000);

    assertThat(h.count("SELECT count(*) FROM assignments")).isEqualTo(leads.size());
    assertThat(h.count("SELECT count(DISTINCT lead_id) FROM assignments")).isEqualTo(leads.size());
    assertThat(answers).hasSize(leads.size());
    assertThat(answers.values())
        .allSatisfy(ids -> assertThat(ids).hasSize(2).containsOnly(ids.get(0)));
    assertThat(h.count("SELECT count(*) FROM outbox")).isEqualTo(2L * leads.size());

    Map<String, Long> perRep = perRep();
    int floor = roundRobinLeads / 3;
    assertThat(List.of(perRep.get("ann"), perRep.get("ben"), perRep.get("cat")))
        .allSatisfy(n -> assertThat(n).isBetween((long) floor, (long) floor + 1));
    // smooth weighted 3:1: within one lead of 187.5 / 62.5
    assertThat(perRep.get("dan")).isBetween(187L, 188L);
    assertThat(perRep.get("eve")).isBetween(62L, 63L);
    // the turns handed out match the assignments: no turn lost or double-used by concurrent
    // replicas
    assertThat(h.count("SELECT next_ticket FROM queue_cursors WHERE queue_id = 'rr'"))
        .isEqualTo(roundRobinLeads);
  }

  private static Map<String, Long> perRep() throws Exception {
    Map<String, Long> out = new java.util.HashMap<>();
    RoutingHarness.await(
            h.db.query("SELECT rep_id, count(*) FROM assignments GROUP BY rep_id").execute())
        .forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  @Test
  void aRepChangeOnOneReplicaReachesTheOtherWithinASecond() throws Exception {
    h.call(
        0,
        RoutingServiceGrpcClient.SetRepStatus,
        SetRepStatusRequest.newBuilder()
            .setRepId("sam")
            .setStatus(RepStatus.REP_STATUS_AWAY)
            .build());
    // Until replica 1 sees the change it routes the lead to sam (OK); once it does, only the
    // refusal "no rep can take this lead" counts. Any other status or message fails at once.
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              RoutingHarness.Outcome o =
                  h.outcome(
                      1,
                      RoutingServiceGrpcClient.Simulate,
                      RouteRequest.newBuilder().setLead(lead("JP")).build());
              if (o.status() == GrpcStatus.OK) {
                return false;
              }
              assertThat(o.status()).as("refusal of %s", o).isEqualTo(GrpcStatus.UNAVAILABLE);
              assertThat(o.message())
                  .as("refusal of %s", o)
                  .startsWith("no rep can take this lead");
              return true;
            });
    h.call(
        0,
        RoutingServiceGrpcClient.SetRepStatus,
        SetRepStatusRequest.newBuilder()
            .setRepId("sam")
            .setStatus(RepStatus.REP_STATUS_AVAILABLE)
            .build());
  }

  @Test
  void aPublishOnOneReplicaIsUsedByTheOtherWithinASecond() throws Exception {
    var v =
        h.publish(
            MATRIX.replace(
                "lead.location.country_code == 'US'", "lead.location.country_code == 'JP'"));
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                h.call(
                            1,
                            RoutingServiceGrpcClient.Simulate,
                            RouteRequest.newBuilder().setLead(lead("JP")).build())
                        .getAssignment()
                        .getMatrixVersion()
                    == v.getVersion());
    h.publish(MATRIX);
  }
}
