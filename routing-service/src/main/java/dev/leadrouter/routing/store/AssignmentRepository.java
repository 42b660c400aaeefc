package dev.leadrouter.routing.store;

import dev.leadrouter.v1.Assignment;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Owns the SQL for assignments and the round-robin cursors they consume. */
public final class AssignmentRepository {
  private final Pool pool;

  public AssignmentRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /**
   * Takes the next round-robin ticket of a queue. Runs inside the assignment's transaction: the row
   * lock it takes orders concurrent routes into the queue, and a rolled-back route gives its ticket back.
   */
  public Future<Long> takeTicket(SqlClient tx, String queueId) {
    return tx.preparedQuery("INSERT INTO queue_cursors (queue_id, next_ticket) VALUES ($1, 1) "
            + "ON CONFLICT (queue_id) DO UPDATE SET next_ticket = queue_cursors.next_ticket + 1 RETURNING next_ticket - 1")
        .execute(Tuple.of(queueId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The ticket the next route into the queue would take, without taking it (for Simulate). */
  public Future<Long> peekTicket(String queueId) {
    return pool.preparedQuery("SELECT next_ticket FROM queue_cursors WHERE queue_id = $1").execute(Tuple.of(queueId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /** Inserts the assignment unless the lead already has one at that sequence; true when inserted. */
  public Future<Boolean> insert(SqlClient tx, Assignment a) {
    return tx.preparedQuery("INSERT INTO assignments (assignment_id, lead_id, sequence, rep_id, queue_id, rule_id, "
            + "matrix_version, catch_all, decided_at, assignment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
            + "ON CONFLICT (lead_id, sequence) DO NOTHING")
        .execute(Tuple.of(UUID.fromString(a.getAssignmentId()), UUID.fromString(a.getLeadId()), a.getSequence(),
                a.getRepId(), a.getQueueId(), a.getRuleId())
            .addValue(a.getMatrixVersion()).addValue(a.getCatchAll())
            .addValue(Protos.offsetDateTime(a.getDecidedAt())).addValue(Buffer.buffer(a.toByteArray())))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The lead's latest assignment, or null. */
  public Future<Assignment> currentForLead(UUID leadId) {
    return pool.preparedQuery("SELECT assignment FROM assignments WHERE lead_id = $1 ORDER BY sequence DESC LIMIT 1")
        .execute(Tuple.of(leadId))
        .map(rows -> rows.size() == 0 ? null : Protos.decode(rows.iterator().next(), "assignment", Assignment.parser()));
  }

  public Future<Assignment> find(UUID assignmentId) {
    return pool.preparedQuery("SELECT assignment FROM assignments WHERE assignment_id = $1")
        .execute(Tuple.of(assignmentId))
        .map(rows -> rows.size() == 0 ? null : Protos.decode(rows.iterator().next(), "assignment", Assignment.parser()));
  }

  /** Newest first; {@code catchAllOnly} lists what the monthly catch-all audit reviews. */
  public Future<List<Assignment>> list(boolean catchAllOnly, int limit) {
    return pool.preparedQuery("SELECT assignment FROM assignments WHERE (NOT $1 OR catch_all) ORDER BY decided_at DESC LIMIT $2")
        .execute(Tuple.of(catchAllOnly, limit))
        .map(rows -> {
          List<Assignment> out = new ArrayList<>();
          rows.forEach(r -> out.add(Protos.decode(r, "assignment", Assignment.parser())));
          return out;
        });
  }
}
