package dev.leadrouter.routing.backtest;

import com.google.protobuf.Duration;
import dev.leadrouter.routing.availability.WorkingHours;
import dev.leadrouter.routing.distribution.QueueState;
import dev.leadrouter.routing.distribution.RepLoad;
import dev.leadrouter.routing.matrix.MatrixParser;
import dev.leadrouter.routing.matrix.MatrixWarnings;
import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.routing.snapshot.Snapshot;
import dev.leadrouter.routing.snapshot.SnapshotCache;
import dev.leadrouter.routing.store.AssignmentRepository;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.v1.BacktestOutcome;
import dev.leadrouter.v1.BacktestRequest;
import dev.leadrouter.v1.BacktestResponse;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.MatrixFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backtest adapter: reads the current turns and loads once, then replays the leads against the
 * active matrix and the draft on a worker thread (it is CPU work that grows with the batch). Reads
 * only: nothing is written.
 */
public final class MatrixBacktest {
  public static final int MAX_LEADS = 5000;
  private static final int MAX_MATRIX_BYTES = 1024 * 1024;
  private final Vertx vertx;
  private final SnapshotCache snapshots;
  private final AssignmentRepository assignments;
  private final Clock clock;
  private final MatrixParser parser = new MatrixParser();
  // A backtest of many leads arrives as several calls with the same draft: compile it once.
  private final java.util.concurrent.atomic.AtomicReference<Compiled> last =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** A draft compiled against one snapshot's reps. */
  private record Compiled(String source, boolean json, Snapshot snapshot, RoutingMatrix matrix) {}

  public MatrixBacktest(
      Vertx vertx, SnapshotCache snapshots, AssignmentRepository assignments, Clock clock) {
    this.vertx = vertx;
    this.snapshots = snapshots;
    this.assignments = assignments;
    this.clock = clock;
  }

  public Future<BacktestResponse> run(BacktestRequest request) {
    if (request.getSource().isBlank()) {
      throw new InvalidInputException("source", "required: the draft matrix");
    }
    if (request.getSource().length() > MAX_MATRIX_BYTES) {
      throw new InvalidInputException("source", "at most 1 MiB");
    }
    if (request.getLeadsCount() > MAX_LEADS) {
      throw new InvalidInputException("leads", "at most " + MAX_LEADS + " per call");
    }
    Snapshot s = snapshots.current();
    if (s == null) {
      throw new StatusException(GrpcStatus.FAILED_PRECONDITION, "no routing matrix published yet");
    }
    boolean json = request.getFormat() == MatrixFormat.MATRIX_FORMAT_JSON;
    Instant now = clock.instant();
    return vertx
        .executeBlocking(() -> compile(request.getSource(), json, s), false)
        .compose(
            draft ->
                Future.all(turns(s.matrix(), draft), loads(s, now))
                    .compose(
                        state ->
                            vertx.executeBlocking(
                                () ->
                                    replay(
                                        request.getLeadsList(),
                                        s,
                                        draft,
                                        state.resultAt(0),
                                        state.resultAt(1),
                                        now),
                                false)));
  }

  private RoutingMatrix compile(String source, boolean json, Snapshot s) {
    Compiled c = last.get();
    if (c != null && c.snapshot() == s && c.json() == json && c.source().equals(source)) {
      return c.matrix();
    }
    RoutingMatrix matrix = parser.parse(source, json, s.reps().keySet());
    last.set(new Compiled(source, json, s, matrix));
    return matrix;
  }

  private static BacktestResponse replay(
      List<Lead> leads,
      Snapshot s,
      RoutingMatrix draft,
      Map<String, QueueState> turns,
      Map<String, RepLoad> loads,
      Instant now) {
    long started = System.nanoTime();
    Replay baseline = new Replay(s.matrix(), s.reps(), turns, loads, now);
    Replay drafted = new Replay(draft, s.reps(), turns, loads, now);
    BacktestResponse.Builder out =
        BacktestResponse.newBuilder()
            .setBaselineVersion(s.matrix().version())
            .addAllWarnings(MatrixWarnings.of(draft, s.reps()));
    for (Lead lead : leads) {
      out.addOutcomes(
          BacktestOutcome.newBuilder()
              .setLeadId(lead.getLeadId())
              .setBaseline(baseline.decide(lead))
              .setDraft(drafted.decide(lead)));
    }
    long nanos = System.nanoTime() - started;
    return out.setElapsed(
            Duration.newBuilder()
                .setSeconds(nanos / 1_000_000_000)
                .setNanos((int) (nanos % 1_000_000_000)))
        .build();
  }

  /** The stored turn of every queue either matrix names, read without taking one. */
  private Future<Map<String, QueueState>> turns(RoutingMatrix active, RoutingMatrix draft) {
    Set<String> queues = new LinkedHashSet<>(active.queues().keySet());
    queues.addAll(draft.queues().keySet());
    List<String> ids = new ArrayList<>(queues);
    List<Future<QueueState>> reads = ids.stream().map(assignments::peekTurn).toList();
    return Future.all(reads)
        .map(
            all -> {
              Map<String, QueueState> out = new LinkedHashMap<>();
              for (int i = 0; i < ids.size(); i++) {
                out.put(ids.get(i), reads.get(i).result());
              }
              return out;
            });
  }

  /** Every rep's open leads and leads today (in the rep's own time zone), as stored now. */
  private Future<Map<String, RepLoad>> loads(Snapshot s, Instant now) {
    Map<String, OffsetDateTime> dayStarts = new LinkedHashMap<>();
    s.reps()
        .forEach(
            (id, rep) -> {
              var zone = WorkingHours.zoneOrUtc(rep.getTimeZone());
              dayStarts.put(
                  id, now.atZone(zone).toLocalDate().atStartOfDay(zone).toOffsetDateTime());
            });
    return dayStarts.isEmpty()
        ? Future.succeededFuture(Map.of())
        : assignments.loads(assignments.pool(), dayStarts);
  }
}
