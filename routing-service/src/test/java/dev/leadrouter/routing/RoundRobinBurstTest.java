package dev.leadrouter.routing;

import static dev.leadrouter.routing.RoutingHarness.lead;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A spike into one round-robin queue through two replicas (issue 10): 5,000 leads, 64 routes in
 * flight, alternating replicas. Whatever the hot path batches or pipelines, the queue's turns must
 * come out in strict rotation and the spread stay within one lead.
 */
class RoundRobinBurstTest {
  private static final int LEADS = 5_000;
  private static final List<String> MEMBERS = List.of("ann", "ben", "cat");
  private static RoutingHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new RoutingHarness(2);
    h.reps(MEMBERS.toArray(String[]::new));
    h.reps("sam");
    h.publish(
        """
        queues:
          - id: rr
            members: [ann, ben, cat]
          - id: catch-all
            members: [sam]
        rules:
          - id: everyone
            when: "true"
            queue: rr
        catch_all_queue: catch-all
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void aBurstThroughTwoReplicasKeepsStrictTurnOrderAndASpreadOfOne() throws Exception {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      leads.add(lead("US"));
    }
    List<Supplier<Future<?>>> routes = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      int replica = i % 2;
      RouteRequest request = RouteRequest.newBuilder().setLead(leads.get(i)).build();
      routes.add(() -> h.send(replica, RoutingServiceGrpcClient.Route, request));
    }
    long started = System.nanoTime();
    RoutingHarness.await(RoutingHarness.bounded(routes, 64));
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "%d routes into one round-robin queue over 2 replicas in %d ms (%.0f/s)%n",
        LEADS, millis, LEADS * 1000.0 / Math.max(1, millis));

    assertThat(h.count("SELECT count(DISTINCT lead_id) FROM assignments WHERE queue_id = 'rr'"))
        .isEqualTo(LEADS);
    // decided_at is taken under the queue's lock, so it orders the assignments as their turns did
    List<String> turns = new ArrayList<>();
    RoutingHarness.await(
            h.db
                .query(
                    "SELECT rep_id FROM assignments WHERE queue_id = 'rr' "
                        + "ORDER BY decided_at, assignment_id")
                .execute())
        .forEach(r -> turns.add(r.getString(0)));
    assertThat(turns.subList(0, MEMBERS.size())).containsExactlyInAnyOrderElementsOf(MEMBERS);
    for (int i = MEMBERS.size(); i < turns.size(); i++) {
      assertThat(turns.get(i))
          .as("turn %d repeats turn %d: strict rotation", i, i - MEMBERS.size())
          .isEqualTo(turns.get(i - MEMBERS.size()));
    }
    Map<String, Integer> perRep = new HashMap<>();
    turns.forEach(rep -> perRep.merge(rep, 1, Integer::sum));
    assertThat(
            perRep.values().stream().mapToInt(Integer::intValue).max().orElseThrow()
                - perRep.values().stream().mapToInt(Integer::intValue).min().orElseThrow())
        .as("spread")
        .isLessThanOrEqualTo(1);
    assertThat(h.count("SELECT next_ticket FROM queue_cursors WHERE queue_id = 'rr'"))
        .as("no turn lost or used twice")
        .isEqualTo(LEADS);
    assertThat(h.count("SELECT count(DISTINCT (topic, message_key)) FROM outbox"))
        .as("a notification and a clock owed per assignment (notify and sla are not running)")
        .isEqualTo(2L * LEADS);
    // Group commit: routes that queued behind a transaction on the queue's turn row went in the
    // next one together. xmin is the id of the transaction that inserted a row.
    long transactions =
        h.count("SELECT count(DISTINCT xmin::text) FROM assignments WHERE queue_id = 'rr'");
    System.out.printf("%d assignments in %d transactions%n", LEADS, transactions);
    assertThat(transactions).as("transactions for %d routes", LEADS).isLessThan(LEADS / 4);
  }
}
