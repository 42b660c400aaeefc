package dev.leadrouter.routing.store;

import dev.leadrouter.v1.Rep;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;

/** Owns the SQL for reps. */
public final class RepRepository {
  private final Pool pool;

  public RepRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Rep> upsert(Rep rep) {
    return pool.preparedQuery(
            "INSERT INTO reps (rep_id, active, rep) VALUES ($1, $2, $3) "
                + "ON CONFLICT (rep_id) DO UPDATE SET active = EXCLUDED.active, rep = EXCLUDED.rep, updated_at = now()")
        .execute(Tuple.of(rep.getRepId(), rep.getActive(), Buffer.buffer(rep.toByteArray())))
        .map(rows -> rep);
  }

  /**
   * Reads the rep, applies {@code change} and stores the result in one transaction, the row locked
   * meanwhile, so two concurrent partial updates (status and out-of-office) both survive. Answers
   * null when there is no such rep; a change that throws stores nothing.
   */
  public Future<Rep> update(String repId, java.util.function.UnaryOperator<Rep> change) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("SELECT rep FROM reps WHERE rep_id = $1 FOR UPDATE")
                .execute(Tuple.of(repId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(null);
                      }
                      Rep changed =
                          change.apply(Protos.decode(rows.iterator().next(), "rep", Rep.parser()));
                      return tx.preparedQuery(
                              "UPDATE reps SET active = $2, rep = $3, updated_at = now() "
                                  + "WHERE rep_id = $1")
                          .execute(
                              Tuple.of(
                                  repId, changed.getActive(), Buffer.buffer(changed.toByteArray())))
                          .map(changed);
                    }));
  }

  /** The rep, or null. */
  public Future<Rep> find(String repId) {
    return pool.preparedQuery("SELECT rep FROM reps WHERE rep_id = $1")
        .execute(Tuple.of(repId))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : Protos.decode(rows.iterator().next(), "rep", Rep.parser()));
  }

  /** Every rep by id, in id order. */
  /**
   * Up to {@code limit} reps with ids after {@code afterRepId} ("" = from the start), in id order.
   */
  public Future<java.util.List<Rep>> page(String afterRepId, int limit, boolean includeInactive) {
    return pool.preparedQuery(
            "SELECT rep FROM reps WHERE rep_id > $1 AND ($2 OR active) ORDER BY rep_id LIMIT $3")
        .execute(Tuple.of(afterRepId, includeInactive, limit))
        .map(
            rows -> {
              java.util.List<Rep> out = new java.util.ArrayList<>();
              rows.forEach(r -> out.add(Protos.decode(r, "rep", Rep.parser())));
              return out;
            });
  }

  public Future<Map<String, Rep>> all() {
    return pool.query("SELECT rep FROM reps ORDER BY rep_id")
        .execute()
        .map(
            rows -> {
              Map<String, Rep> reps = new LinkedHashMap<>();
              for (Row r : rows) {
                Rep rep = Protos.decode(r, "rep", Rep.parser());
                reps.put(rep.getRepId(), rep);
              }
              return reps;
            });
  }
}
