package dev.leadrouter.routing.store;

import com.google.protobuf.Timestamp;
import dev.leadrouter.routing.distribution.QueueState;
import dev.leadrouter.routing.distribution.RepLoad;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Owns the SQL for assignments and the distribution state (turns, weights, loads) they move. */
public final class AssignmentRepository {
  private static final String LOADS =
      "SELECT r.rep_id, "
          + "(SELECT count(*) FROM assignments a WHERE a.rep_id = r.rep_id AND a.current AND a.first_touched_at IS NULL) AS open, "
          + "(SELECT count(*) FROM assignments a WHERE a.rep_id = r.rep_id AND a.decided_at >= r.day_start) AS today, "
          + "(SELECT max(decided_at) FROM assignments a WHERE a.rep_id = r.rep_id) AS last_assigned, "
          + "(SELECT jsonb_object_agg(q.queue_id, q.n) FROM (SELECT a.queue_id, count(*) AS n FROM assignments a "
          + "  WHERE a.rep_id = r.rep_id AND a.current AND a.first_touched_at IS NULL GROUP BY a.queue_id) q) AS open_by_queue "
          + "FROM unnest($1::text[], $2::timestamptz[]) AS r(rep_id, day_start)";

  private final Pool pool;

  public AssignmentRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /**
   * Takes the next {@code turns} consecutive turns of a queue (one route, or a group commit's) and
   * returns the queue's state, carrying the first of them. Runs inside the assignments'
   * transaction: the row lock it takes orders concurrent routes into the queue across replicas, and
   * a rollback gives the turns back.
   */
  public Future<QueueState> takeTurns(SqlClient tx, String queueId, int turns) {
    return tx.preparedQuery(
            "INSERT INTO queue_cursors (queue_id, next_ticket) VALUES ($1, $2) "
                + "ON CONFLICT (queue_id) DO UPDATE SET next_ticket = queue_cursors.next_ticket + $2 "
                + "RETURNING next_ticket - $2, current_weights, last_turns")
        .execute(Tuple.of(queueId, (long) turns))
        .map(rows -> state(rows.iterator().next()));
  }

  /**
   * Records round robin's memory: the latest turn of each rep given, merged into the stored one.
   */
  public Future<Void> saveLastTurns(SqlClient tx, String queueId, Map<String, Long> turns) {
    return tx.preparedQuery(
            "UPDATE queue_cursors SET last_turns = last_turns || $2::jsonb WHERE queue_id = $1")
        .execute(Tuple.of(queueId, new JsonObject(new HashMap<>(turns))))
        .mapEmpty();
  }

  /** The state the next route into the queue would see, without taking a turn (for Simulate). */
  public Future<QueueState> peekTurn(String queueId) {
    return pool.preparedQuery(
            "SELECT next_ticket, current_weights, last_turns FROM queue_cursors WHERE queue_id = $1")
        .execute(Tuple.of(queueId))
        .map(rows -> rows.size() == 0 ? QueueState.initial() : state(rows.iterator().next()));
  }

  public Future<Void> saveWeights(SqlClient tx, String queueId, Map<String, Long> weights) {
    return tx.preparedQuery("UPDATE queue_cursors SET current_weights = $2 WHERE queue_id = $1")
        .execute(Tuple.of(queueId, new JsonObject(new HashMap<>(weights))))
        .mapEmpty();
  }

  private static QueueState state(Row row) {
    return new QueueState(row.getLong(0), longs(row.getJsonObject(1)), longs(row.getJsonObject(2)));
  }

  private static Map<String, Integer> ints(JsonObject json) {
    Map<String, Integer> out = new HashMap<>();
    if (json != null) {
      json.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).intValue()));
    }
    return out;
  }

  private static Map<String, Long> longs(JsonObject json) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (json != null) {
      json.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    }
    return out;
  }

  /**
   * Serializes assignments to these reps across queues and replicas until the transaction ends, so
   * caps hold even when two queues share a rep. Locks are taken in id order (no deadlock), always
   * after the single queue lock of the transaction.
   */
  public Future<Void> lockReps(SqlClient tx, List<String> repIds) {
    List<String> sorted = repIds.stream().sorted().toList();
    return tx.preparedQuery(
            "SELECT count(pg_advisory_xact_lock(k)) FROM "
                + "(SELECT hashtextextended('routing.rep:' || id, 0) AS k FROM unnest($1::text[]) AS id ORDER BY id) s")
        .execute(Tuple.tuple().addValue(sorted.toArray(String[]::new)))
        .mapEmpty();
  }

  /** Open leads, leads since each rep's local day start, and latest assignment, per rep. */
  public Future<Map<String, RepLoad>> loads(
      SqlClient client, Map<String, OffsetDateTime> dayStarts) {
    if (dayStarts.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<String> ids = new ArrayList<>(dayStarts.keySet());
    OffsetDateTime[] starts = ids.stream().map(dayStarts::get).toArray(OffsetDateTime[]::new);
    return client
        .preparedQuery(LOADS)
        .execute(Tuple.tuple().addValue(ids.toArray(String[]::new)).addValue(starts))
        .map(
            rows -> {
              Map<String, RepLoad> out = new HashMap<>();
              for (Row r : rows) {
                OffsetDateTime last = r.getOffsetDateTime("last_assigned");
                out.put(
                    r.getString("rep_id"),
                    new RepLoad(
                        r.getString("rep_id"),
                        r.getLong("open").intValue(),
                        r.getLong("today").intValue(),
                        last == null ? null : last.toInstant(),
                        ints(r.getJsonObject("open_by_queue"))));
              }
              return out;
            });
  }

  /**
   * Inserts the assignment unless the lead already has one at that sequence (or that request key);
   * true when inserted.
   */
  public Future<Boolean> insert(SqlClient tx, Assignment a, Lead lead, String requestKey) {
    return tx.preparedQuery(
            "INSERT INTO assignments (assignment_id, lead_id, sequence, rep_id, queue_id, rule_id, "
                + "matrix_version, catch_all, decided_at, assignment, lead, previous_assignment_id, request_key) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING")
        .execute(
            Tuple.of(
                    UUID.fromString(a.getAssignmentId()),
                    UUID.fromString(a.getLeadId()),
                    a.getSequence(),
                    a.getRepId(),
                    a.getQueueId(),
                    a.getRuleId())
                .addValue(a.getMatrixVersion())
                .addValue(a.getCatchAll())
                .addValue(Protos.offsetDateTime(a.getDecidedAt()))
                .addValue(Buffer.buffer(a.toByteArray()))
                .addValue(Buffer.buffer(lead.toByteArray()))
                .addValue(
                    a.getPreviousAssignmentId().isEmpty()
                        ? null
                        : UUID.fromString(a.getPreviousAssignmentId()))
                .addValue(requestKey))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * From how many assignments {@link #insertAll} uses one multi-row statement. Below it, single-row
   * inserts cost PostgreSQL less: in the system benchmark, where most groups held one or two leads,
   * the unnest form took twice the statement time per lead.
   */
  private static final int ROWS_FOR_ONE_STATEMENT = 4;

  /** One assignment to store with {@link #insertAll}, with the lead and request key it had. */
  public record NewAssignment(Assignment assignment, Lead lead, String requestKey) {}

  /**
   * {@link #insert} for a routing group, in one statement; true when every assignment was inserted
   * (false: a lead was taken meanwhile, and the caller rolls back).
   */
  public Future<Boolean> insertAll(SqlClient tx, List<NewAssignment> all) {
    if (all.size() < ROWS_FOR_ONE_STATEMENT) {
      // pipelined on the transaction's connection: no round trip each
      List<Future<Boolean>> inserted =
          all.stream().map(a -> insert(tx, a.assignment(), a.lead(), a.requestKey())).toList();
      return Future.all(inserted).map(done -> inserted.stream().allMatch(Future::result));
    }
    int n = all.size();
    UUID[] ids = new UUID[n];
    UUID[] leadIds = new UUID[n];
    Integer[] sequences = new Integer[n];
    String[] reps = new String[n];
    String[] queues = new String[n];
    String[] rules = new String[n];
    Long[] versions = new Long[n];
    Boolean[] catchAll = new Boolean[n];
    OffsetDateTime[] decidedAt = new OffsetDateTime[n];
    Buffer[] assignments = new Buffer[n];
    Buffer[] leads = new Buffer[n];
    UUID[] previous = new UUID[n];
    String[] requestKeys = new String[n];
    for (int i = 0; i < n; i++) {
      Assignment a = all.get(i).assignment();
      ids[i] = UUID.fromString(a.getAssignmentId());
      leadIds[i] = UUID.fromString(a.getLeadId());
      sequences[i] = a.getSequence();
      reps[i] = a.getRepId();
      queues[i] = a.getQueueId();
      rules[i] = a.getRuleId();
      versions[i] = a.getMatrixVersion();
      catchAll[i] = a.getCatchAll();
      decidedAt[i] = Protos.offsetDateTime(a.getDecidedAt());
      assignments[i] = Buffer.buffer(a.toByteArray());
      leads[i] = Buffer.buffer(all.get(i).lead().toByteArray());
      previous[i] =
          a.getPreviousAssignmentId().isEmpty()
              ? null
              : UUID.fromString(a.getPreviousAssignmentId());
      requestKeys[i] = all.get(i).requestKey();
    }
    return tx.preparedQuery(
            "INSERT INTO assignments (assignment_id, lead_id, sequence, rep_id, queue_id, rule_id, "
                + "matrix_version, catch_all, decided_at, assignment, lead, previous_assignment_id, request_key) "
                + "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], "
                + "$6::text[], $7::bigint[], $8::bool[], $9::timestamptz[], $10::bytea[], $11::bytea[], "
                + "$12::uuid[], $13::text[]) ON CONFLICT DO NOTHING")
        .execute(
            Tuple.of(ids, leadIds, sequences, reps, queues, rules)
                .addValue(versions)
                .addValue(catchAll)
                .addValue(decidedAt)
                .addValue(assignments)
                .addValue(leads)
                .addValue(previous)
                .addValue(requestKeys))
        .map(rows -> rows.rowCount() == n);
  }

  /**
   * Serializes work on one lead until the transaction ends, then says whether the sequence is still
   * free (false: a concurrent route or reassignment of the lead committed first).
   */
  public Future<Boolean> claimLead(SqlClient tx, String leadId, int sequence) {
    // Two statements: a READ COMMITTED statement sees rows committed before it started, so the
    // check
    // must start after the lock was granted to see what the previous holder committed.
    return tx.preparedQuery(
            "SELECT pg_advisory_xact_lock(hashtextextended('routing.lead:' || $1, 0))")
        .execute(Tuple.of(leadId))
        .compose(
            v ->
                tx.preparedQuery(
                        "SELECT NOT EXISTS (SELECT 1 FROM assignments WHERE lead_id = $1 AND sequence >= $2)")
                    .execute(Tuple.of(UUID.fromString(leadId), sequence)))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /**
   * {@link #claimLead} for a group of first assignments: serializes work on each lead (locks taken
   * in id order, so two groups sharing leads cannot deadlock) and returns the leads that already
   * have an assignment.
   */
  public Future<java.util.Set<UUID>> claimLeads(SqlClient tx, List<String> leadIds) {
    List<String> sorted = leadIds.stream().sorted().toList();
    UUID[] uuids = leadIds.stream().map(UUID::fromString).toArray(UUID[]::new);
    return tx.preparedQuery(
            "SELECT count(pg_advisory_xact_lock(hashtextextended('routing.lead:' || id, 0))) FROM "
                + "(SELECT id FROM unnest($1::text[]) AS id ORDER BY id) s")
        .execute(Tuple.tuple().addValue(sorted.toArray(String[]::new)))
        .compose(
            v ->
                tx.preparedQuery("SELECT DISTINCT lead_id FROM assignments WHERE lead_id = ANY($1)")
                    .execute(Tuple.tuple().addArrayOfUUID(uuids)))
        .map(
            rows -> {
              java.util.Set<UUID> taken = new java.util.HashSet<>();
              rows.forEach(r -> taken.add(r.getUUID(0)));
              return taken;
            });
  }

  /**
   * Marks the assignment as no longer current; false when it already was not (another reassignment
   * won).
   */
  public Future<Boolean> supersede(SqlClient tx, String assignmentId) {
    return tx.preparedQuery(
            "UPDATE assignments SET current = false WHERE assignment_id = $1 AND current")
        .execute(Tuple.of(UUID.fromString(assignmentId)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** An assignment with what Reassign needs besides it. */
  public record Stored(Assignment assignment, Lead lead, String requestKey) {}

  /** Every assignment of the lead, newest (highest sequence) first. */
  public Future<List<Stored>> history(UUID leadId) {
    return pool.preparedQuery(
            "SELECT assignment, lead, request_key, first_touched_at FROM assignments WHERE lead_id = $1 "
                + "ORDER BY sequence DESC")
        .execute(Tuple.of(leadId))
        .map(
            rows -> {
              List<Stored> out = new ArrayList<>();
              for (Row r : rows) {
                Lead lead =
                    r.getBuffer("lead") == null ? null : Protos.decode(r, "lead", Lead.parser());
                out.add(new Stored(withTouch(r), lead, r.getString("request_key")));
              }
              return out;
            });
  }

  /** Records the first touch (the earliest wins); null when there is no such assignment. */
  public Future<Assignment> recordFirstTouch(UUID assignmentId, OffsetDateTime touchedAt) {
    return pool.preparedQuery(
            "UPDATE assignments SET first_touched_at = LEAST(coalesce(first_touched_at, $2), $2) "
                + "WHERE assignment_id = $1 RETURNING assignment, first_touched_at")
        .execute(Tuple.of(assignmentId, touchedAt))
        .map(rows -> rows.size() == 0 ? null : withTouch(rows.iterator().next()));
  }

  /** The lead's latest assignment, or null. */
  public Future<Assignment> currentForLead(UUID leadId) {
    return pool.preparedQuery(
            "SELECT assignment, first_touched_at FROM assignments WHERE lead_id = $1 ORDER BY sequence DESC LIMIT 1")
        .execute(Tuple.of(leadId))
        .map(rows -> rows.size() == 0 ? null : withTouch(rows.iterator().next()));
  }

  public Future<Assignment> find(UUID assignmentId) {
    return pool.preparedQuery(
            "SELECT assignment, first_touched_at FROM assignments WHERE assignment_id = $1")
        .execute(Tuple.of(assignmentId))
        .map(rows -> rows.size() == 0 ? null : withTouch(rows.iterator().next()));
  }

  /** Filters for {@link #list}; null/empty = any. */
  public record Filter(
      boolean catchAllOnly,
      OffsetDateTime from,
      OffsetDateTime to,
      String repId,
      String queueId,
      UUID leadId) {}

  /**
   * A page of assignments, newest first, starting after the (decided_at, assignment_id) cursor if
   * given.
   */
  public Future<List<Assignment>> list(
      Filter f, OffsetDateTime afterDecidedAt, UUID afterId, int limit) {
    return pool.preparedQuery(
            "SELECT assignment, first_touched_at FROM assignments WHERE (NOT $1 OR catch_all) "
                + "AND ($2::timestamptz IS NULL OR decided_at >= $2) AND ($3::timestamptz IS NULL OR decided_at < $3) "
                + "AND ($4::text IS NULL OR rep_id = $4) AND ($5::text IS NULL OR queue_id = $5) "
                + "AND ($6::uuid IS NULL OR lead_id = $6) "
                + "AND ($7::timestamptz IS NULL OR (decided_at, assignment_id) < ($7, $8::uuid)) "
                + "ORDER BY decided_at DESC, assignment_id DESC LIMIT $9")
        .execute(
            Tuple.of(f.catchAllOnly(), f.from(), f.to(), f.repId(), f.queueId(), f.leadId())
                .addValue(afterDecidedAt)
                .addValue(afterId)
                .addValue(limit))
        .map(
            rows -> {
              List<Assignment> out = new ArrayList<>();
              rows.forEach(r -> out.add(withTouch(r)));
              return out;
            });
  }

  private static Assignment withTouch(Row r) {
    Assignment a = Protos.decode(r, "assignment", Assignment.parser());
    OffsetDateTime touched = r.getOffsetDateTime("first_touched_at");
    if (touched == null) {
      return a;
    }
    Timestamp ts = Protos.timestamp(touched);
    return a.toBuilder().setFirstTouchedAt(ts).build();
  }
}
