package dev.leadrouter.routing;

import com.google.protobuf.Timestamp;
import dev.leadrouter.routing.decision.QueueChoice;
import dev.leadrouter.routing.decision.RoundRobin;
import dev.leadrouter.routing.decision.RouteDecider;
import dev.leadrouter.routing.matrix.MatrixParser;
import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.routing.relay.Handoffs;
import dev.leadrouter.routing.store.AssignmentRepository;
import dev.leadrouter.routing.store.MatrixRepository;
import dev.leadrouter.routing.store.RepRepository;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.MatrixVersion;
import dev.leadrouter.v1.Rep;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Routes a lead: decide in memory, then take the queue's round-robin ticket, store the assignment
 * and queue the notification and SLA clock in one transaction. Idempotent per lead.
 */
public final class LeadRouting {
  private final RouteDecider decider = new RouteDecider();
  private final MatrixParser parser = new MatrixParser();
  private final AssignmentRepository assignments;
  private final MatrixRepository matrices;
  private final RepRepository reps;
  private final Runnable wakeRelay;
  private final Clock clock;

  public LeadRouting(AssignmentRepository assignments, MatrixRepository matrices, RepRepository reps,
      Runnable wakeRelay, Clock clock) {
    this.assignments = assignments;
    this.matrices = matrices;
    this.reps = reps;
    this.wakeRelay = wakeRelay;
    this.clock = clock;
  }

  public Future<Assignment> route(Lead lead) {
    UUID leadId = leadId(lead);
    return assignments.currentForLead(leadId).compose(existing -> existing != null
        ? Future.succeededFuture(existing)
        : decideAndStore(lead, leadId));
  }

  /** The decision Route would make now, with its trace; stores nothing and takes no ticket. */
  public Future<Assignment> simulate(Lead lead) {
    leadId(lead);
    return snapshot().compose(s -> {
      QueueChoice choice = decider.choose(lead, s.matrix(), s.reps(), Set.of());
      return assignments.peekTicket(choice.queue().id())
          .map(ticket -> build(lead, s, choice, ticket, "").toBuilder().setAssignmentId("").build());
    });
  }

  private Future<Assignment> decideAndStore(Lead lead, UUID leadId) {
    return snapshot().compose(s -> {
      QueueChoice choice = decider.choose(lead, s.matrix(), s.reps(), Set.of());
      String assignmentId = UUID.randomUUID().toString();
      return assignments.pool().withTransaction(tx -> assignments.takeTicket(tx, choice.queue().id())
              .compose(ticket -> {
                Assignment a = build(lead, s, choice, ticket, assignmentId);
                return assignments.insert(tx, a).compose(inserted -> inserted
                    ? Handoffs.enqueue(tx, a, s.reps().get(a.getRepId()), lead).map(a)
                    // Another replica routed this lead meanwhile: roll back so our ticket is not consumed.
                    : Future.<Assignment>failedFuture(new AlreadyRouted()));
              }))
          .onSuccess(a -> wakeRelay.run())
          .recover(e -> e instanceof AlreadyRouted ? assignments.currentForLead(leadId) : Future.failedFuture(e));
    });
  }

  private Assignment build(Lead lead, Snapshot s, QueueChoice choice, long ticket, String assignmentId) {
    String repId = RoundRobin.pick(choice.eligible(), ticket);
    Rep rep = s.reps().getOrDefault(repId, Rep.newBuilder().setRepId(repId).build());
    Instant now = clock.instant();
    var trace = choice.trace().clone();
    trace.getCandidatesBuilderList().stream()
        .filter(c -> c.getRepId().equals(repId) && c.getDetail().equals(choice.queue().id()))
        .forEach(c -> c.setChosen(true));
    return Assignment.newBuilder()
        .setAssignmentId(assignmentId)
        .setLeadId(lead.getLeadId())
        .setRepId(repId)
        .setQueueId(choice.queue().id())
        .setRuleId(choice.ruleId())
        .setMatrixVersion(s.matrix().version())
        .setDecidedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setReason(reason(choice, repId, ticket))
        .setTrace(trace)
        .setCatchAll(choice.catchAll())
        .setRep(rep)
        .build();
  }

  private static String reason(QueueChoice choice, String repId, long ticket) {
    String why = choice.ruleId().equals(RouteDecider.CATCH_ALL_RULE)
        ? "No routing rule matched, so the lead went to the catch-all queue " + choice.queue().id()
        : "Rule " + choice.ruleId() + " matched and sent the lead to queue " + choice.queue().id();
    if (choice.lastResort()) {
      return why + "; no rep was available anywhere, so " + repId + " was assigned as a last resort.";
    }
    return why + "; " + repId + " was next in round robin (turn " + (ticket + 1) + " among "
        + choice.eligible().size() + " available reps).";
  }

  private Future<Snapshot> snapshot() {
    return Future.all(matrices.find(0), reps.all()).compose(all -> {
      MatrixVersion active = all.resultAt(0);
      Map<String, Rep> repsById = all.resultAt(1);
      if (active == null) {
        // UNAVAILABLE, not FAILED_PRECONDITION: callers keep the lead and retry until a matrix is published.
        return Future.failedFuture(new StatusException(GrpcStatus.UNAVAILABLE, "no routing matrix published yet"));
      }
      RoutingMatrix matrix = parser.parse(active.getSource(), active.getFormat() == MatrixFormat.MATRIX_FORMAT_JSON,
          repsById.keySet()).withVersion(active.getVersion());
      return Future.succeededFuture(new Snapshot(matrix, repsById));
    });
  }

  private static UUID leadId(Lead lead) {
    try {
      return UUID.fromString(lead.getLeadId());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("lead.lead_id", "must be the lead id (UUID) given by capture-service");
    }
  }

  private record Snapshot(RoutingMatrix matrix, Map<String, Rep> reps) {}

  private static final class AlreadyRouted extends RuntimeException {
    AlreadyRouted() {
      super(null, null, false, false);
    }
  }
}
