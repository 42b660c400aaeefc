package dev.leadrouter.routing;

import static dev.leadrouter.routing.RoutingHarness.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SetRepStatusRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Round robin stays fair per rep while the eligible list changes, and across two replicas. */
class RoundRobinFairnessTest {
  private static final String MATRIX =
      """
      queues:
        - id: rr
          members: [ann, ben, cat]
      rules:
        - id: all
          priority: 1
          when: "true"
          queue: rr
      catch_all_queue: rr
      """;
  private static final Pattern TURN = Pattern.compile("\\(turn (\\d+) among");

  private RoutingHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new RoutingHarness(2);
    h.reps("ann", "ben", "cat");
    h.publish(MATRIX);
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void aRepFlappingBetweenAwayAndAvailableDoesNotSkewTheOthers() throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    boolean catAway = false;
    for (int i = 0; i < 60; i++) {
      // alternate replicas: the memory must live in the database, not in one process
      Assignment a =
          h.call(
              i % 2,
              RoutingServiceGrpcClient.Route,
              RouteRequest.newBuilder().setLead(lead("US")).build());
      counts.merge(a.getRepId(), 1, Integer::sum);
      catAway = !catAway;
      h.call(
          0,
          RoutingServiceGrpcClient.SetRepStatus,
          SetRepStatusRequest.newBuilder()
              .setRepId("cat")
              .setStatus(catAway ? RepStatus.REP_STATUS_AWAY : RepStatus.REP_STATUS_AVAILABLE)
              .build());
    }
    // ann and ben were eligible for all 60 leads, cat for 30 of them
    int ann = counts.getOrDefault("ann", 0);
    int ben = counts.getOrDefault("ben", 0);
    assertThat(Math.abs(ann - ben)).as("ann %d, ben %d", ann, ben).isLessThanOrEqualTo(1);
    assertThat(counts.getOrDefault("cat", 0)).isBetween(14, 16);
    assertThat(ann + ben + counts.getOrDefault("cat", 0)).isEqualTo(60);
  }

  @Test
  void decidedAtFollowsTheQueueTurnOrderUnderConcurrency() throws Exception {
    List<Assignment> done = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> inFlight = new ArrayList<>();
    for (int batch = 0; batch < 10; batch++) {
      inFlight.clear();
      for (int i = 0; i < 30; i++) {
        inFlight.add(
            h.send(
                    i % 2,
                    RoutingServiceGrpcClient.Route,
                    RouteRequest.newBuilder().setLead(lead("US")).build())
                .onSuccess(done::add));
      }
      RoutingHarness.await(Future.all(inFlight));
    }
    List<Assignment> byDecidedAt = new ArrayList<>(done);
    byDecidedAt.sort(Comparator.comparingLong(a -> Timestamps.toNanos(a.getDecidedAt())));
    int outOfOrder = 0;
    for (int i = 1; i < byDecidedAt.size(); i++) {
      if (turn(byDecidedAt.get(i)) <= turn(byDecidedAt.get(i - 1))) {
        outOfOrder++;
      }
    }
    assertThat(byDecidedAt).hasSize(300);
    assertThat(outOfOrder).as("neighbours whose decided_at order differs from turn order").isZero();
    // and the split is exact: 300 turns over 3 reps always eligible
    Map<String, Integer> counts = new HashMap<>();
    done.forEach(a -> counts.merge(a.getRepId(), 1, Integer::sum));
    assertThat(counts)
        .containsOnly(Map.entry("ann", 100), Map.entry("ben", 100), Map.entry("cat", 100));
  }

  private static long turn(Assignment a) {
    Matcher m = TURN.matcher(a.getReason());
    assertThat(m.find()).as(a.getReason()).isTrue();
    return Long.parseLong(m.group(1));
  }
}
