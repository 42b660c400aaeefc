package dev.leadrouter.routing;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.google.protobuf.Timestamp;
import dev.leadrouter.routing.availability.WorkingHours;
import dev.leadrouter.routing.decision.Explanation;
import dev.leadrouter.routing.decision.Placement;
import dev.leadrouter.routing.decision.QueueStep;
import dev.leadrouter.routing.decision.RouteDecider;
import dev.leadrouter.routing.decision.RoutePlan;
import dev.leadrouter.routing.distribution.Distribution;
import dev.leadrouter.routing.distribution.Pick;
import dev.leadrouter.routing.distribution.QueueState;
import dev.leadrouter.routing.distribution.RepLoad;
import dev.leadrouter.routing.matrix.Queue;
import dev.leadrouter.routing.relay.Handoffs;
import dev.leadrouter.routing.snapshot.Snapshot;
import dev.leadrouter.routing.snapshot.SnapshotCache;
import dev.leadrouter.routing.store.AssignmentRepository;
import dev.leadrouter.runtime.outbox.LeasedWrites;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.DecisionTrace;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Rep;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a lead: decide in memory from the snapshot (rules, score, availability), then in one
 * transaction take the queue's turn (its row lock orders routes across replicas), re-check capacity
 * under lock where caps apply, let the strategy pick, store the assignment and queue the
 * notification and SLA clock. First assignments into a queue without caps share that transaction
 * with the others that queued up behind the previous one (group commit). Idempotent per lead.
 */
public final class LeadRouting {
  private static final Logger log = LoggerFactory.getLogger(LeadRouting.class);
  private static final int MAX_ATTEMPTS = 5;

  /** Largest group commit: bounds one transaction's statements and its decided_at spacing. */
  private static final int MAX_GROUP = 32;

  private final RouteDecider decider = new RouteDecider();
  private final KeyedBatches<Grouped> groups = new KeyedBatches<>(MAX_GROUP, this::commitGroup);
  private final AssignmentRepository assignments;
  private final SnapshotCache snapshots;
  private final Supplier<LeasedWrites> outbox;
  private final Clock clock;
  private final Counter unroutable;

  public LeadRouting(
      AssignmentRepository assignments,
      SnapshotCache snapshots,
      Supplier<LeasedWrites> outbox,
      Clock clock,
      Counter unroutable) {
    this.assignments = assignments;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.clock = clock;
    this.unroutable = unroutable;
  }

  /**
   * What to assign: a first routing (sequence 0) or a reassignment.
   *
   * @param excluded reps that must not get the lead (earlier owners and explicit exclusions)
   * @param previous the assignment being replaced, or null
   */
  record Request(
      Lead lead,
      Set<String> excluded,
      Assignment previous,
      String requestedBy,
      String note,
      String requestKey,
      Rep previousOwner) {
    static Request first(Lead lead) {
      return new Request(lead, Set.of(), null, "", null, null, null);
    }

    int sequence() {
      return previous == null ? 0 : previous.getSequence() + 1;
    }
  }

  public Future<Assignment> route(Lead lead) {
    UUID leadId = leadId(lead);
    return assignments
        .currentForLead(leadId)
        .compose(
            existing ->
                existing != null
                    ? Future.succeededFuture(existing)
                    : assign(Request.first(lead), 1)
                        .recover(
                            e ->
                                e instanceof Conflict
                                    ? assignments.currentForLead(leadId)
                                    : Future.failedFuture(e)));
  }

  /**
   * The decision Route would make now, with its trace; stores nothing, takes no turn, moves no
   * counter.
   */
  public Future<Assignment> simulate(Lead lead) {
    if (!lead.getLeadId().isEmpty()) {
      leadId(lead);
    }
    long started = System.nanoTime();
    Snapshot s = snapshot();
    Instant now = clock.instant();
    RoutePlan plan = decider.plan(lead, s.matrix(), s.reps(), Set.of(), now);
    return loads(assignments.pool(), plan, s, now)
        .compose(
            loads -> {
              Placement placement = Placement.of(plan, s.reps(), loads);
              if (placement == null) {
                return Future.failedFuture(nobody(plan, lead, false));
              }
              QueueStep step = plan.steps().get(placement.stepIndex());
              return assignments
                  .peekTurn(step.queue().id())
                  .map(
                      state -> {
                        Pick pick =
                            Distribution.pick(step.queue(), placement.eligible(), state, loads);
                        return build(
                            Request.first(lead),
                            s,
                            plan,
                            placement,
                            pick,
                            "",
                            now,
                            System.nanoTime() - started);
                      });
            });
  }

  /**
   * Decides and stores one assignment, retrying when a concurrent route took the capacity it
   * counted on.
   */
  Future<Assignment> assign(Request request, int attempt) {
    long started = System.nanoTime();
    Snapshot s;
    try {
      s = snapshot();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Instant now = clock.instant();
    RoutePlan plan = decider.plan(request.lead(), s.matrix(), s.reps(), request.excluded(), now);
    if (!plan.anyoneAvailable()) {
      return Future.failedFuture(nobody(plan, request.lead(), true));
    }
    return loads(assignments.pool(), plan, s, now)
        .compose(
            estimate -> {
              Placement placement = Placement.of(plan, s.reps(), estimate);
              if (placement == null) {
                return Future.failedFuture(nobody(plan, request.lead(), true));
              }
              Decided decided = new Decided(request, s, plan, placement, now, started, attempt);
              if (request.previous() == null
                  && Placement.repsNeedingLoad(plan, s.reps()).isEmpty()) {
                Promise<Assignment> result = Promise.promise();
                groups.submit(
                    plan.steps().get(placement.stepIndex()).queue().id(),
                    new Grouped(decided, result));
                return result.future();
              }
              return single(decided);
            });
  }

  /** One assignment in its own transaction. */
  private Future<Assignment> single(Decided d) {
    String assignmentId = UUID.randomUUID().toString();
    LeasedWrites writes = outbox.get();
    return assignments
        .pool()
        .withTransaction(
            tx ->
                store(
                    tx,
                    writes,
                    d.request(),
                    d.s(),
                    d.plan(),
                    d.placement(),
                    d.now(),
                    assignmentId,
                    d.started()))
        .onSuccess(
            a -> {
              routed(a);
              writes.committed();
            })
        .recover(
            e ->
                e instanceof CapacityTaken && d.attempt() < MAX_ATTEMPTS
                    ? assign(d.request(), d.attempt() + 1)
                    : Future.failedFuture(e));
  }

  private static void routed(Assignment a) {
    log.info(
        "lead routed {} {} {} {} {} {}",
        kv("lead_id", a.getLeadId()),
        kv("assignment_id", a.getAssignmentId()),
        kv("rep_id", a.getRepId()),
        kv("queue_id", a.getQueueId()),
        kv("rule_id", a.getRuleId()),
        kv("matrix_version", a.getMatrixVersion()));
  }

  /** A route decided up to its pick: what storing it, alone or in a group, starts from. */
  private record Decided(
      Request request,
      Snapshot s,
      RoutePlan plan,
      Placement placement,
      Instant now,
      long started,
      int attempt) {}

  /** A first assignment waiting for its queue's next group commit. */
  private record Grouped(Decided decided, Promise<Assignment> result) {
    UUID leadId() {
      return UUID.fromString(decided.request().lead().getLeadId());
    }
  }

  /**
   * Group commit: the first assignments that queued up for one queue while its previous transaction
   * was in flight are decided in one transaction, on one lock of the queue's turn row, with
   * consecutive turns in arrival order. Strict round robin holds across replicas exactly as with
   * one route per transaction (the row lock orders the groups), and the queue pays one lock wait
   * and one commit per group instead of per lead. Only where the pick needs no per-rep load (no
   * caps, not load balanced); the rest, and reassignments, go one by one.
   */
  private Future<Void> commitGroup(String queueId, List<Grouped> group) {
    Map<UUID, Grouped> byLead = new LinkedHashMap<>();
    List<Grouped> repeats = new ArrayList<>();
    for (Grouped g : group) {
      if (byLead.putIfAbsent(g.leadId(), g) != null) {
        repeats.add(g);
      }
    }
    List<Grouped> distinct = new ArrayList<>(byLead.values());
    LeasedWrites writes = outbox.get();
    List<Assignment> decided = new ArrayList<>();
    Set<UUID> taken = new HashSet<>();
    return assignments
        .pool()
        .withTransaction(tx -> storeGroup(tx, writes, queueId, distinct, decided, taken))
        .onSuccess(
            v -> {
              writes.committed();
              int i = 0;
              for (Grouped g : distinct) {
                if (taken.contains(g.leadId())) {
                  // assigned before this group: route() answers with that assignment
                  g.result().fail(new Conflict());
                } else {
                  Assignment a = decided.get(i++);
                  routed(a);
                  g.result().complete(a);
                }
              }
              // the same lead twice in one group: the second answers with the first's assignment
              repeats.forEach(g -> g.result().fail(new Conflict()));
            })
        .<Void>mapEmpty()
        .recover(
            e -> {
              // Whatever failed the group, each lead is tried in its own transaction, so one
              // lead's trouble stays its own.
              log.info(
                  "group commit of {} route(s) into {} failed, routing them one by one: {}",
                  group.size(),
                  queueId,
                  e.toString());
              for (Grouped g : group) {
                single(g.decided()).onComplete(g.result());
              }
              return Future.succeededFuture();
            });
  }

  private Future<Void> storeGroup(
      SqlClient tx,
      LeasedWrites writes,
      String queueId,
      List<Grouped> group,
      List<Assignment> decided,
      Set<UUID> taken) {
    return assignments
        .claimLeads(tx, group.stream().map(g -> g.decided().request().lead().getLeadId()).toList())
        .compose(
            alreadyAssigned -> {
              taken.addAll(alreadyAssigned);
              List<Grouped> free = group.stream().filter(g -> !taken.contains(g.leadId())).toList();
              if (free.isEmpty()) {
                return Future.succeededFuture();
              }
              return assignments
                  .takeTurns(tx, queueId, free.size())
                  .compose(first -> decideGroup(tx, writes, free, first, decided));
            });
  }

  /** Picks for each route of the group in turn order and sends their writes together. */
  private Future<Void> decideGroup(
      SqlClient tx,
      LeasedWrites writes,
      List<Grouped> free,
      QueueState first,
      List<Assignment> decided) {
    QueueState state = first;
    List<AssignmentRepository.NewAssignment> rows = new ArrayList<>();
    List<LeasedWrites.Message> handoffs = new ArrayList<>();
    Instant previous = null;
    QueueStep step = null;
    for (Grouped g : free) {
      Decided d = g.decided();
      step = d.plan().steps().get(d.placement().stepIndex());
      Pick pick = Distribution.pick(step.queue(), d.placement().eligible(), state, Map.of());
      // decided_at orders the queue's assignments as their turns did: strictly increasing here
      Instant decidedAt = clock.instant();
      if (previous != null && !decidedAt.isAfter(previous)) {
        decidedAt = previous.plusNanos(1_000);
      }
      previous = decidedAt;
      Assignment a =
          build(
              d.request(),
              d.s(),
              d.plan(),
              d.placement(),
              pick,
              UUID.randomUUID().toString(),
              decidedAt,
              System.nanoTime() - d.started());
      state =
          new QueueState(state.ticket() + 1, pick.next().currentWeights(), pick.next().lastTurns());
      rows.add(
          new AssignmentRepository.NewAssignment(a, d.request().lead(), d.request().requestKey()));
      handoffs.addAll(
          Handoffs.messages(
              a, d.s().reps().get(a.getRepId()), d.request().lead(), d.request().previousOwner()));
      decided.add(a);
    }
    // Three statements for the whole group, sent together (the connection pipelines them).
    Future<Boolean> inserted = assignments.insertAll(tx, rows);
    return Future.all(
            saveQueueState(tx, step.queue(), state), inserted, writes.enqueueAll(tx, handoffs))
        .compose(
            all ->
                inserted.result()
                    ? Future.<Void>succeededFuture()
                    // a lead taken meanwhile after all: roll back, the routes go one by one
                    : Future.<Void>failedFuture(new Conflict()));
  }

  private Future<Assignment> store(
      SqlClient tx,
      LeasedWrites writes,
      Request request,
      Snapshot s,
      RoutePlan plan,
      Placement estimate,
      Instant now,
      String assignmentId,
      long started) {
    QueueStep step = plan.steps().get(estimate.stepIndex());
    // Claim the lead first: a concurrent route of the same lead (another replica, a retry) waits
    // here
    // and then backs off, without ever holding the queue's lock.
    Future<Void> claimed =
        assignments
            .claimLead(tx, request.lead().getLeadId(), request.sequence())
            .compose(
                free ->
                    free ? Future.<Void>succeededFuture() : Future.failedFuture(new Conflict()));
    Future<Void> superseded =
        request.previous() == null
            ? claimed
            : claimed
                .compose(v -> assignments.supersede(tx, request.previous().getAssignmentId()))
                .compose(
                    ok ->
                        ok ? Future.<Void>succeededFuture() : Future.failedFuture(new Conflict()));
    return superseded
        .compose(v -> assignments.takeTurns(tx, step.queue().id(), 1))
        .compose(
            state -> {
              List<String> contended =
                  Placement.repsNeedingLoad(plan, s.reps()).stream()
                      .filter(step.available()::contains)
                      .toList();
              Future<Map<String, RepLoad>> locked =
                  contended.isEmpty()
                      ? Future.succeededFuture(Map.of())
                      : assignments
                          .lockReps(tx, contended)
                          .compose(x -> assignments.loads(tx, dayStarts(contended, s, now)));
              return locked.compose(
                  loads -> {
                    Placement placement = Placement.at(plan, estimate, s.reps(), loads);
                    if (placement == null) {
                      // Another route took the last capacity we counted on: roll back (giving the
                      // turn back) and decide again.
                      return Future.failedFuture(new CapacityTaken());
                    }
                    Pick pick = Distribution.pick(step.queue(), placement.eligible(), state, loads);
                    // Taken under the queue's row lock (held to commit), so decided_at orders the
                    // queue's assignments as their turns did, across replicas.
                    Instant decidedAt = clock.instant();
                    Assignment a =
                        build(
                            request,
                            s,
                            plan,
                            placement,
                            pick,
                            assignmentId,
                            decidedAt,
                            System.nanoTime() - started);
                    // Sent together (the connection pipelines them): the queue row stays locked for
                    // one round trip
                    // plus the commit. Should the insert find the lead taken after all, everything
                    // rolls back.
                    Future<Void> weights = saveQueueState(tx, step.queue(), pick.next());
                    Future<Boolean> inserted =
                        assignments.insert(tx, a, request.lead(), request.requestKey());
                    Future<Void> handoffs =
                        Handoffs.enqueue(
                            tx,
                            writes,
                            a,
                            s.reps().get(a.getRepId()),
                            request.lead(),
                            request.previousOwner());
                    return Future.all(weights, inserted, handoffs)
                        .compose(
                            all ->
                                inserted.result()
                                    ? Future.succeededFuture(a)
                                    // Another replica assigned this lead (sequence) meanwhile: roll
                                    // back so our turn is not consumed.
                                    : Future.<Assignment>failedFuture(new Conflict()));
                  });
            });
  }

  /**
   * Stores what the queue's strategy remembers after its picks, under the turn row's lock: smooth
   * weighted round robin's current weights, round robin's last turn per rep.
   */
  private Future<Void> saveQueueState(SqlClient tx, Queue queue, QueueState next) {
    return switch (queue.strategy()) {
      case WEIGHTED -> assignments.saveWeights(tx, queue.id(), next.currentWeights());
      case ROUND_ROBIN -> assignments.saveLastTurns(tx, queue.id(), next.lastTurns());
      default -> Future.succeededFuture();
    };
  }

  private Future<Map<String, RepLoad>> loads(
      SqlClient client, RoutePlan plan, Snapshot s, Instant now) {
    List<String> needed = Placement.repsNeedingLoad(plan, s.reps());
    return needed.isEmpty()
        ? Future.succeededFuture(Map.of())
        : assignments.loads(client, dayStarts(needed, s, now));
  }

  /** Daily caps count from midnight in each rep's own time zone. */
  private static Map<String, OffsetDateTime> dayStarts(
      List<String> repIds, Snapshot s, Instant now) {
    Map<String, OffsetDateTime> out = new LinkedHashMap<>();
    for (String id : repIds) {
      var zone = WorkingHours.zoneOrUtc(s.reps().get(id).getTimeZone());
      out.put(id, now.atZone(zone).toLocalDate().atStartOfDay(zone).toOffsetDateTime());
    }
    return out;
  }

  private Assignment build(
      Request request,
      Snapshot s,
      RoutePlan plan,
      Placement placement,
      Pick pick,
      String assignmentId,
      Instant now,
      long elapsedNanos) {
    QueueStep step = plan.steps().get(placement.stepIndex());
    DecisionTrace trace = Explanation.trace(plan, placement, pick, elapsedNanos);
    String reason = Explanation.reason(plan, placement, pick);
    if (request.previous() != null) {
      reason =
          "Reassigned from "
              + request.previous().getRepId()
              + " by "
              + request.requestedBy()
              + (request.note().isEmpty() ? "" : " (" + request.note() + ")")
              + ". "
              + reason;
    }
    Assignment.Builder a =
        Assignment.newBuilder()
            .setAssignmentId(assignmentId)
            .setLeadId(request.lead().getLeadId())
            .setRepId(pick.repId())
            .setQueueId(step.queue().id())
            .setRuleId(plan.ruleId())
            .setMatrixVersion(plan.matrixVersion())
            .setDecidedAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .setReason(reason)
            .setTrace(trace)
            // No rule matched: a matched lead that fell back to the catch-all queue is not this.
            .setCatchAll(!plan.ruleMatched())
            .setSequence(request.sequence())
            .setRequestedBy(request.requestedBy())
            .setRep(s.reps().get(pick.repId()));
    if (request.previous() != null) {
      a.setPreviousAssignmentId(request.previous().getAssignmentId());
      a.setReassignReason(request.note() == null ? "" : request.note());
    }
    return a.build();
  }

  /**
   * Nobody anywhere can take the lead (everyone unavailable, deactivated or at capacity). It is
   * never given to a deactivated or unknown rep: the caller keeps the lead and retries (capture's
   * outbox does), and this is logged and counted loudly so a human fixes the staffing.
   */
  private StatusException nobody(RoutePlan plan, Lead lead, boolean count) {
    if (count) {
      unroutable.increment();
      log.error(
          "UNROUTABLE lead {}: nobody in queues {} can take it (matrix version {}, rule {}); the caller will retry",
          lead.getLeadId(),
          plan.steps().stream().map(st -> st.queue().id()).toList(),
          plan.matrixVersion(),
          plan.ruleId());
    }
    return new StatusException(
        GrpcStatus.UNAVAILABLE,
        "no rep can take this lead now: every candidate in "
            + plan.steps().stream().map(st -> st.queue().id()).toList()
            + " is unavailable or at capacity; retry later");
  }

  private Snapshot snapshot() {
    Snapshot s = snapshots.current();
    if (s == null) {
      // UNAVAILABLE, not FAILED_PRECONDITION: callers keep the lead and retry until a matrix is
      // published.
      throw new StatusException(GrpcStatus.UNAVAILABLE, "no routing matrix published yet");
    }
    return s;
  }

  static UUID leadId(Lead lead) {
    try {
      return UUID.fromString(lead.getLeadId());
    } catch (IllegalArgumentException e) {
      throw new dev.leadrouter.runtime.errors.InvalidInputException(
          "lead.lead_id", "must be the lead id (UUID) given by capture-service");
    }
  }

  /** Another route or reassignment of the same lead committed first. */
  static final class Conflict extends RuntimeException {
    Conflict() {
      super(null, null, false, false);
    }
  }

  private static final class CapacityTaken extends RuntimeException {
    CapacityTaken() {
      super(null, null, false, false);
    }
  }
}
