package dev.leadrouter.routing;

import static dev.leadrouter.routing.RoutingHarness.lead;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.BatchRouteRequest;
import dev.leadrouter.v1.BatchRouteResponse;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RouteResult;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BatchRoute, the call capture's relay makes under load: each lead is routed exactly as Route would
 * route it, with its own result, and one bad request fails only itself.
 */
class BatchRouteTest {
  private static RoutingHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new RoutingHarness(1);
    h.reps("ann", "ben", "sam");
    h.publish(
        """
        queues:
          - id: rr
            members: [ann, ben]
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

  private static RouteRequest route(Lead lead) {
    return RouteRequest.newBuilder().setLead(lead).build();
  }

  @Test
  void eachLeadIsRoutedAsRouteWouldWithItsOwnResultInRequestOrder() throws Exception {
    Lead first = lead("US");
    Lead second = lead("US");
    BatchRouteResponse response =
        h.call(
            0,
            RoutingServiceGrpcClient.BatchRoute,
            BatchRouteRequest.newBuilder()
                .addRequests(route(first))
                .addRequests(route(second))
                .addRequests(route(first))
                .addRequests(route(lead("US")).toBuilder().setNormalize(true))
                .addRequests(RouteRequest.getDefaultInstance())
                .build());

    assertThat(response.getResultsList()).hasSize(5);
    Assignment a = response.getResults(0).getAssignment();
    Assignment b = response.getResults(1).getAssignment();
    assertThat(a.getLeadId()).isEqualTo(first.getLeadId());
    assertThat(b.getLeadId()).isEqualTo(second.getLeadId());
    assertThat(a.getQueueId()).isEqualTo("rr");
    assertThat(java.util.Set.of(a.getRepId(), b.getRepId()))
        .as("two turns of one round-robin queue")
        .containsExactlyInAnyOrder("ann", "ben");
    assertThat(response.getResults(2).getAssignment().getAssignmentId())
        .as("the same lead twice: one assignment")
        .isEqualTo(a.getAssignmentId());
    assertThat(violatedField(response.getResults(3))).isEqualTo("normalize");
    assertThat(violatedField(response.getResults(4))).isEqualTo("lead");

    Assignment again = h.call(0, RoutingServiceGrpcClient.Route, route(second));
    assertThat(again.getAssignmentId())
        .as("Route after BatchRoute: the same assignment")
        .isEqualTo(b.getAssignmentId());
    assertThat(
            h.count(
                "SELECT count(*) FROM assignments WHERE lead_id IN ('"
                    + first.getLeadId()
                    + "', '"
                    + second.getLeadId()
                    + "')"))
        .isEqualTo(2);
  }

  private static String violatedField(RouteResult result) throws Exception {
    assertThat(result.hasError()).as("an error result").isTrue();
    assertThat(result.getError().getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
    return result
        .getError()
        .getDetails(0)
        .unpack(BadRequest.class)
        .getFieldViolations(0)
        .getField();
  }

  @Test
  void anEmptyBatchOrOneOverAHundredIsRefusedAsAWhole() throws Exception {
    long before = h.count("SELECT count(*) FROM assignments");
    RoutingHarness.Outcome empty =
        h.outcome(0, RoutingServiceGrpcClient.BatchRoute, BatchRouteRequest.getDefaultInstance());
    assertThat(empty.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);

    BatchRouteRequest.Builder tooMany = BatchRouteRequest.newBuilder();
    for (int i = 0; i < 101; i++) {
      tooMany.addRequests(route(lead("US")));
    }
    RoutingHarness.Outcome refused =
        h.outcome(0, RoutingServiceGrpcClient.BatchRoute, tooMany.build());
    assertThat(refused.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(refused.message()).contains("at most 100");
    assertThat(h.count("SELECT count(*) FROM assignments")).as("nothing routed").isEqualTo(before);
  }
}
