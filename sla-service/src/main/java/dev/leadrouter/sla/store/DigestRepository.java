package dev.leadrouter.sla.store;

import dev.leadrouter.runtime.outbox.Outbox;
import dev.leadrouter.sla.digest.DigestMessage;
import dev.leadrouter.sla.digest.DigestSchedule;
import dev.leadrouter.sla.outbound.Handoffs;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The escalation digest tables: escalations caught up after an outage wait per manager until a
 * digest lists them. A digest is claimed under a per-manager advisory lock, so replicas checking at
 * the same time send it once, and it is written to the outbox in the transaction that takes its
 * items.
 */
public final class DigestRepository {
  private static final String MANAGERS_WAITING =
      "SELECT i.manager_rep_id, min(i.queued_at) AS oldest,"
          + " (SELECT max(d.sent_at) FROM escalation_digests d WHERE d.manager_rep_id = i.manager_rep_id) AS last_sent"
          + " FROM escalation_digest_items i WHERE i.digest_id IS NULL GROUP BY i.manager_rep_id";
  private static final String LOCK_MANAGER =
      "SELECT pg_advisory_xact_lock(hashtextextended('sla.digest:' || $1, 0))";
  private static final String LAST_SENT =
      "SELECT max(sent_at) AS last_sent FROM escalation_digests WHERE manager_rep_id = $1";
  private static final String TAKE_ITEMS =
      "UPDATE escalation_digest_items SET digest_id = $2"
          + " WHERE manager_rep_id = $1 AND digest_id IS NULL"
          + " RETURNING rep_id, lead_id, assignment_id, deadline";
  private static final String RECORD_DIGEST =
      "INSERT INTO escalation_digests (digest_id, manager_rep_id, sent_at, items) VALUES ($1, $2, $3, $4)";

  private final Pool pool;

  public DigestRepository(Pool pool) {
    this.pool = pool;
  }

  /** A manager with escalations waiting for a digest. */
  public record Waiting(String managerRepId, Instant oldestPending, Instant lastSent) {}

  public Future<List<Waiting>> waiting() {
    return pool.query(MANAGERS_WAITING)
        .execute()
        .map(
            rows -> {
              List<Waiting> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new Waiting(
                        r.getString("manager_rep_id"),
                        ClockRepository.instant(r, "oldest"),
                        ClockRepository.instant(r, "last_sent")));
              }
              return out;
            });
  }

  /**
   * Sends the manager's digest if it is still due under the lock (another replica may just have
   * sent it): takes every waiting item and writes one notification to the outbox.
   *
   * @return how many leads the digest listed; 0 when none was sent
   */
  public Future<Integer> sendIfDue(String managerRepId, DigestSchedule schedule, Instant now) {
    UUID digestId = UUID.randomUUID();
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(LOCK_MANAGER)
                .execute(Tuple.of(managerRepId))
                .compose(v -> conn.preparedQuery(LAST_SENT).execute(Tuple.of(managerRepId)))
                .compose(
                    rows -> {
                      Instant lastSent =
                          ClockRepository.instant(rows.iterator().next(), "last_sent");
                      if (lastSent != null && now.isBefore(lastSent.plus(schedule.minInterval()))) {
                        return Future.succeededFuture(0);
                      }
                      return conn.preparedQuery(TAKE_ITEMS)
                          .execute(Tuple.of(managerRepId, digestId))
                          .compose(
                              taken -> {
                                List<DigestMessage.Item> items = new ArrayList<>();
                                for (Row r : taken) {
                                  items.add(
                                      new DigestMessage.Item(
                                          r.getString("rep_id"),
                                          r.getString("lead_id"),
                                          r.getString("assignment_id"),
                                          ClockRepository.instant(r, "deadline")));
                                }
                                if (items.isEmpty()) {
                                  return Future.succeededFuture(0);
                                }
                                return conn.preparedQuery(RECORD_DIGEST)
                                    .execute(
                                        Tuple.of(
                                            digestId,
                                            managerRepId,
                                            ClockRepository.timestamp(now),
                                            items.size()))
                                    .compose(
                                        v ->
                                            Outbox.enqueue(
                                                conn,
                                                Handoffs.NOTIFY_REPS_TOPIC,
                                                "digest:" + digestId,
                                                Handoffs.escalationDigest(
                                                        digestId.toString(),
                                                        managerRepId,
                                                        DigestMessage.compose(items))
                                                    .toByteArray()))
                                    .map(v -> items.size());
                              });
                    }));
  }
}
