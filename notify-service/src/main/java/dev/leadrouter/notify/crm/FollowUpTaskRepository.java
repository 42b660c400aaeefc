package dev.leadrouter.notify.crm;

import dev.leadrouter.runtime.outbox.Outbox;
import dev.leadrouter.v1.CrmSystem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Owns the SQL of follow-up tasks: the asked-for task, its attempt marker and its CRM id. */
public final class FollowUpTaskRepository {
  /** Outbox topic that creates a follow-up task in the CRM. */
  public static final String TOPIC = "crm.follow_up_task";

  private static final String REQUEST =
      "INSERT INTO crm_follow_up_tasks (crm, record_id, assignment_id, object_type, lead_id, "
          + "owner_id, subject, description, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
          + "ON CONFLICT DO NOTHING";
  private static final String FIND =
      "SELECT * FROM crm_follow_up_tasks WHERE crm = $1 AND record_id = $2 AND assignment_id = $3";
  private static final String ATTEMPTED =
      "UPDATE crm_follow_up_tasks SET attempted_at = now() "
          + "WHERE crm = $1 AND record_id = $2 AND assignment_id = $3";
  private static final String CREATED =
      "UPDATE crm_follow_up_tasks SET task_id = $4, created_at = now() "
          + "WHERE crm = $1 AND record_id = $2 AND assignment_id = $3";

  /** A stored task: what to create, and how far creating it got. */
  /**
   * A stored task: what to create, and how far creating it got.
   *
   * @param attemptedAt when the CRM was last asked to create it; null if never
   */
  public record Stored(FollowUpTask task, Instant attemptedAt, String taskId) {}

  private final Pool pool;

  public FollowUpTaskRepository(Pool pool) {
    this.pool = pool;
  }

  /** Asks for the task, in the caller's transaction (the one recording the owner write). */
  static Future<Void> request(SqlClient tx, FollowUpTask t) {
    WriteBackTarget w = t.target();
    return tx.preparedQuery(REQUEST)
        .execute(
            Tuple.of(
                    w.crm(),
                    w.recordId(),
                    w.assignmentId(),
                    w.objectType(),
                    w.leadId(),
                    w.targetOwnerId(),
                    t.subject(),
                    t.description())
                .addValue(t.due().atOffset(ZoneOffset.UTC)))
        .compose(v -> Outbox.enqueue(tx, TOPIC, t.key(), t.key().getBytes(StandardCharsets.UTF_8)));
  }

  /** The task stored under an outbox key; null when there is none. */
  public Future<Stored> find(String key) {
    String[] k = key.split(":", 3);
    if (k.length != 3) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(k[0], k[1], k[2]))
        .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  /** Set before the CRM is called: a retry then looks for the task before creating another. */
  public Future<Void> markAttempted(FollowUpTask t) {
    return pool.preparedQuery(ATTEMPTED).execute(ids(t)).mapEmpty();
  }

  public Future<Void> markCreated(FollowUpTask t, String taskId) {
    return pool.preparedQuery(CREATED).execute(ids(t).addString(taskId)).mapEmpty();
  }

  private static Tuple ids(FollowUpTask t) {
    return Tuple.of(t.target().crm(), t.target().recordId(), t.target().assignmentId());
  }

  private static Stored stored(Row r) {
    WriteBackTarget target =
        new WriteBackTarget(
            CrmSystem.valueOf("CRM_SYSTEM_" + r.getString("crm")),
            r.getString("object_type"),
            r.getString("record_id"),
            "",
            r.getString("owner_id"),
            0,
            "",
            r.getString("lead_id"),
            r.getString("assignment_id"));
    FollowUpTask task =
        new FollowUpTask(
            target,
            r.getString("subject"),
            r.getString("description"),
            r.getOffsetDateTime("due_at").toInstant());
    OffsetDateTime attempted = r.getOffsetDateTime("attempted_at");
    return new Stored(
        task, attempted == null ? null : attempted.toInstant(), r.getString("task_id"));
  }
}
