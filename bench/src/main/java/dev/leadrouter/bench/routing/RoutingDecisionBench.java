package dev.leadrouter.bench.routing;

import dev.leadrouter.routing.decision.Explanation;
import dev.leadrouter.routing.decision.Placement;
import dev.leadrouter.routing.decision.QueueStep;
import dev.leadrouter.routing.decision.RouteDecider;
import dev.leadrouter.routing.decision.RoutePlan;
import dev.leadrouter.routing.distribution.Distribution;
import dev.leadrouter.routing.distribution.Pick;
import dev.leadrouter.routing.distribution.QueueState;
import dev.leadrouter.routing.matrix.MatrixParser;
import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.DecisionTrace;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.Rep;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The in-memory part of a routing decision, as Route runs it on the event loop: scoring, CEL rules
 * in priority order, availability of every candidate, capacity, strategy pick and the trace. No
 * I/O.
 *
 * <p>{@code worstCase}: the lead matches no rule (every rule is evaluated, then the catch-all);
 * {@code firstRuleMatches}: the lead matches rule 0.
 *
 * <pre>
 * ./mvnw -q -B -pl bench exec:java -Dexec.mainClass=dev.leadrouter.bench.Jmh -Dexec.args="RoutingDecisionBench -f 1 -wi 2 -w 2s -i 3 -r 3s"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingDecisionBench {
  @Param({"10", "100", "1000"})
  public int rules;

  private final RouteDecider decider = new RouteDecider();
  private RoutingMatrix matrix;
  private Map<String, Rep> reps;
  private Lead noMatch;
  private Lead firstMatch;
  private final Instant now = Instant.parse("2025-03-12T15:00:00Z");

  @Setup
  public void setUp() {
    reps = new HashMap<>();
    for (String id : BenchMatrices.REPS) {
      reps.put(
          id, Rep.newBuilder().setRepId(id).setActive(true).setTimeZone("Europe/Berlin").build());
    }
    matrix =
        new MatrixParser().parse(BenchMatrices.yaml(rules), false, reps.keySet()).withVersion(1);
    noMatch =
        Lead.newBuilder()
            .setLeadId("00000000-0000-0000-0000-000000000001")
            .setSource(LeadSource.newBuilder().setSourceId("web"))
            .setLocation(Location.newBuilder().setCountryCode("US").setPostalCode("10001"))
            .setInquiryText("Please send pricing")
            .addProductInterests("analytics")
            .build();
    firstMatch = noMatch.toBuilder().setCompany(Company.newBuilder().setEmployeeCount(1)).build();
  }

  private DecisionTrace decide(Lead lead) {
    RoutePlan plan = decider.plan(lead, matrix, reps, Set.of(), now);
    Placement placement = Placement.of(plan, reps, Map.of());
    QueueStep step = plan.steps().get(placement.stepIndex());
    Pick pick =
        Distribution.pick(
            step.queue(), placement.eligible(), new QueueState(7, Map.of()), Map.of());
    return Explanation.trace(plan, placement, pick, 0);
  }

  @Benchmark
  public DecisionTrace worstCase() {
    return decide(noMatch);
  }

  @Benchmark
  public DecisionTrace firstRuleMatches() {
    return decide(firstMatch);
  }
}
