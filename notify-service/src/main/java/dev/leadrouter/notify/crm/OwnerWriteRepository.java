package dev.leadrouter.notify.crm;

import dev.leadrouter.runtime.outbox.Outbox;
import dev.leadrouter.v1.HoldReassignmentRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Owns the SQL of the owner write-back: the last owner written per record, and overrides. */
public final class OwnerWriteRepository {
  /** Outbox topic of SlaService.HoldReassignment calls. */
  public static final String HOLD_TOPIC = "sla.hold_reassignment";

  private static final String LAST =
      "SELECT sequence, owner_id FROM crm_owner_writes WHERE crm = $1 AND record_id = $2";
  // A late retry of an older assignment never replaces the record of a newer one.
  private static final String WRITTEN =
      "INSERT INTO crm_owner_writes (crm, record_id, object_type, lead_id, assignment_id, sequence, owner_id) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (crm, record_id) DO UPDATE SET "
          + "object_type = EXCLUDED.object_type, lead_id = EXCLUDED.lead_id, "
          + "assignment_id = EXCLUDED.assignment_id, sequence = EXCLUDED.sequence, "
          + "owner_id = EXCLUDED.owner_id, written_at = now() "
          + "WHERE crm_owner_writes.sequence <= EXCLUDED.sequence";
  private static final String OVERRIDE =
      "INSERT INTO crm_owner_overrides (crm, record_id, assignment_id, lead_id, our_owner_id, crm_owner_id) "
          + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1";

  private final Pool pool;

  public OwnerWriteRepository(Pool pool) {
    this.pool = pool;
  }

  /** What leadrouter last wrote to the record; null if nothing. */
  public Future<OwnerDecision.LastWrite> lastWrite(WriteBackTarget t) {
    return pool.preparedQuery(LAST)
        .execute(Tuple.of(t.crm(), t.recordId()))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : new OwnerDecision.LastWrite(
                        rows.iterator().next().getInteger("sequence"),
                        rows.iterator().next().getString("owner_id")));
  }

  /** The newest owner write-back made for a lead's record, as a target; null if none. */
  public Future<WriteBackTarget> lastWriteOfLead(String leadId) {
    return pool.preparedQuery(
            "SELECT crm, record_id, object_type, assignment_id, sequence, owner_id "
                + "FROM crm_owner_writes WHERE lead_id = $1 ORDER BY written_at DESC LIMIT 1")
        .execute(Tuple.of(leadId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              var r = rows.iterator().next();
              return new WriteBackTarget(
                  dev.leadrouter.v1.CrmSystem.valueOf("CRM_SYSTEM_" + r.getString("crm")),
                  r.getString("object_type"),
                  r.getString("record_id"),
                  "",
                  r.getString("owner_id"),
                  r.getInteger("sequence"),
                  "",
                  leadId,
                  r.getString("assignment_id"));
            });
  }

  /**
   * The record now has the target's owner, for the target's assignment; with {@code task} (null =
   * none) the follow-up task is asked for in the same transaction, so it exists only after a
   * successful write and is asked for once.
   */
  public Future<Void> recordWritten(WriteBackTarget t, FollowUpTask task) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(WRITTEN)
                .execute(
                    Tuple.of(
                        t.crm(),
                        t.recordId(),
                        t.objectType(),
                        t.leadId(),
                        t.assignmentId(),
                        t.sequence(),
                        t.targetOwnerId()))
                .compose(
                    v ->
                        task == null
                            ? Future.succeededFuture()
                            : FollowUpTaskRepository.request(tx, task)));
  }

  /**
   * Records that a person set {@code crmOwner} on the record, and asks sla-service (outbox, same
   * transaction) to stop reassigning the lead. A repeat records and asks nothing new.
   */
  public Future<Void> recordOverride(WriteBackTarget t, String crmOwner) {
    HoldReassignmentRequest hold =
        HoldReassignmentRequest.newBuilder()
            .setLeadId(t.leadId())
            .setSystem(t.system())
            .setCrmOwnerId(crmOwner)
            .setReason(
                "the owner of "
                    + t.label()
                    + " "
                    + t.objectType()
                    + " "
                    + t.recordId()
                    + " was changed in the CRM by a person")
            .build();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(OVERRIDE)
                .execute(
                    Tuple.of(
                        t.crm(),
                        t.recordId(),
                        t.assignmentId(),
                        t.leadId(),
                        t.targetOwnerId(),
                        crmOwner))
                .compose(
                    rows ->
                        rows.size() == 0
                            ? Future.succeededFuture()
                            : Outbox.enqueue(tx, HOLD_TOPIC, t.leadId(), hold.toByteArray())));
  }
}
