package dev.leadrouter.routing;

import static dev.leadrouter.routing.RoutingHarness.lead;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A load-balanced queue sharing a rep with a busy queue: by default it compares open leads in every
 * queue (the shared rep gets nothing while busy elsewhere); with {@code load_scope: queue} it evens
 * out its own leads.
 */
class LoadScopeTest {
  private static final String MATRIX =
      """
      queues:
        - id: busy
          members: [erin]
        - id: balanced
          strategy: load_balanced
          members: [erin, frank]%s
        - id: catch-all
          members: [sam]
      rules:
        - { id: us, priority: 1, when: "lead.location.country_code == 'US'", queue: busy }
        - { id: de, priority: 2, when: "lead.location.country_code == 'DE'", queue: balanced }
      catch_all_queue: catch-all
      """;

  private RoutingHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new RoutingHarness(1);
    h.reps("erin", "frank", "sam");
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private Map<String, Integer> split(String scope) throws Exception {
    h.publish(MATRIX.formatted(scope));
    for (int i = 0; i < 10; i++) {
      route("US"); // erin's open leads from the busy queue
    }
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      counts.merge(route("DE").getRepId(), 1, Integer::sum);
    }
    return counts;
  }

  private Assignment route(String country) throws Exception {
    return h.call(
        0,
        RoutingServiceGrpcClient.Route,
        RouteRequest.newBuilder().setLead(lead(country)).build());
  }

  @Test
  void byDefaultOpenLeadsInEveryQueueCount() throws Exception {
    assertThat(split("")).containsExactly(Map.entry("frank", 8));
  }

  @Test
  void withQueueScopeTheQueueEvensOutItsOwnLeads() throws Exception {
    assertThat(split("\n    load_scope: queue"))
        .containsOnly(Map.entry("erin", 4), Map.entry("frank", 4));
  }
}
