package dev.leadrouter.capture.crm;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Owns the SQL of CRM inbound: the inbox of announced records and the polling cursors. */
public final class InboundRepository {
  /** A polling cursor: the last record taken. */
  public record Cursor(Instant time, String id) {}

  private static final String ENQUEUE =
      "INSERT INTO crm_inbound (crm, record_id, object_type, record) VALUES ($1, $2, $3, $4) "
          + "ON CONFLICT (crm, record_id) DO NOTHING";
  private static final String CLAIM =
      "UPDATE crm_inbound SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond' "
          + "WHERE (crm, record_id) IN (SELECT crm, record_id FROM crm_inbound WHERE done_at IS NULL "
          + "  AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now()) "
          + "  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) "
          + "RETURNING crm, record_id, object_type, record, attempts";
  private static final String DONE =
      "UPDATE crm_inbound SET done_at = now(), lead_id = $3, last_error = $4, record = NULL, "
          + "lease_owner = NULL, lease_until = NULL WHERE crm = $1 AND record_id = $2";
  private static final String RETRY =
      "UPDATE crm_inbound SET attempts = attempts + 1, last_error = $3, lease_owner = NULL, "
          + "lease_until = NULL, next_attempt_at = now() + $4 * interval '1 millisecond' "
          + "WHERE crm = $1 AND record_id = $2";
  private static final String LEASE_CURSOR =
      "UPDATE crm_cursors SET lease_owner = $2, lease_until = now() + $3 * interval '1 millisecond' "
          + "WHERE name = $1 AND (lease_owner = $2 OR lease_until IS NULL OR lease_until < now()) "
          + "RETURNING cursor_time, cursor_id";
  private static final String CREATE_CURSOR =
      "INSERT INTO crm_cursors (name, cursor_time, cursor_id) VALUES ($1, $2, '') "
          + "ON CONFLICT (name) DO NOTHING";
  // Rounds re-read an overlap window behind the cursor: it only ever moves forward.
  private static final String ADVANCE =
      "UPDATE crm_cursors SET "
          + "cursor_time = CASE WHEN (cursor_time, cursor_id) < ($3::timestamptz, $4::text) "
          + "THEN $3 ELSE cursor_time END, "
          + "cursor_id = CASE WHEN (cursor_time, cursor_id) < ($3::timestamptz, $4::text) "
          + "THEN $4 ELSE cursor_id END "
          + "WHERE name = $1 AND lease_owner = $2";

  private final Pool pool;
  private final String owner = "capture-" + UUID.randomUUID();

  public InboundRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores announced records (repeats are dropped). */
  public Future<Void> enqueue(List<InboundRecord> records) {
    return pool.withTransaction(tx -> enqueue(tx, records)).mapEmpty();
  }

  /** Answers how many of the records were new (a record already announced counts 0). */
  private static Future<Integer> enqueue(SqlClient tx, List<InboundRecord> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<Tuple> batch = new ArrayList<>();
    for (InboundRecord r : records) {
      batch.add(Tuple.of(r.crm(), r.recordId(), r.objectType(), r.record()));
    }
    return tx.preparedQuery(ENQUEUE)
        .executeBatch(batch)
        .map(
            rows -> {
              int added = 0;
              for (RowSet<Row> r = rows; r != null; r = r.next()) {
                added += r.rowCount();
              }
              return added;
            });
  }

  /** Leases up to {@code limit} due records for {@code lease}. */
  public Future<List<InboundRecord>> claim(int limit, Duration lease) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(owner, lease.toMillis(), limit))
        .map(
            rows -> {
              List<InboundRecord> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new InboundRecord(
                        r.getString("crm"),
                        r.getString("record_id"),
                        r.getString("object_type"),
                        r.getString("record"),
                        r.getInteger("attempts")));
              }
              return out;
            });
  }

  /** The record was taken in as {@code leadId}, or refused for good ({@code error}). */
  public Future<Void> done(InboundRecord r, UUID leadId, String error) {
    return pool.preparedQuery(DONE)
        .execute(Tuple.of(r.crm(), r.recordId(), leadId, error))
        .mapEmpty();
  }

  public Future<Void> retryLater(InboundRecord r, String error, Duration wait) {
    return pool.preparedQuery(RETRY)
        .execute(Tuple.of(r.crm(), r.recordId(), error, wait.toMillis()))
        .mapEmpty();
  }

  /**
   * Leases the named cursor for {@code lease} (created at {@code start} if new); empty when another
   * replica holds it.
   */
  public Future<Cursor> leaseCursor(String name, Instant start, Duration lease) {
    return pool.preparedQuery(CREATE_CURSOR)
        .execute(Tuple.of(name, OffsetDateTime.ofInstant(start, ZoneOffset.UTC)))
        .compose(
            x -> pool.preparedQuery(LEASE_CURSOR).execute(Tuple.of(name, owner, lease.toMillis())))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : new Cursor(
                        rows.iterator().next().getOffsetDateTime("cursor_time").toInstant(),
                        rows.iterator().next().getString("cursor_id")));
  }

  /**
   * Stores the polled records and moves the cursor forward to {@code next} (never back), in one
   * transaction, only while this replica still holds the lease. Answers how many records were new,
   * or -1 when the lease was lost (nothing stored).
   */
  public Future<Integer> storePolled(String cursorName, List<InboundRecord> records, Cursor next) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(ADVANCE)
                .execute(
                    Tuple.of(
                        cursorName,
                        owner,
                        OffsetDateTime.ofInstant(next.time(), ZoneOffset.UTC),
                        next.id()))
                .compose(
                    rows ->
                        rows.rowCount() == 0 ? Future.succeededFuture(-1) : enqueue(tx, records)));
  }

  /** For tests and operators: how the record was taken in. */
  public Future<Row> find(String crm, String recordId) {
    return pool.preparedQuery("SELECT * FROM crm_inbound WHERE crm = $1 AND record_id = $2")
        .execute(Tuple.of(crm, recordId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }
}
