package dev.leadrouter.runtime.privacy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.v1.ForgetLeadResponse;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Lead snapshots a service keeps beside its own records (routing with assignments, sla with
 * clocks), stripped of personal data on erasure. One transaction, rows locked, idempotent.
 */
public final class LeadSnapshots {
  private LeadSnapshots() {}

  /**
   * Deletes this service's snapshot of a lead and answers what was forgotten.
   *
   * @param table and {@code keyColumn} are this service's own constants, never input: identifiers
   *     cannot be bound as parameters
   */
  public static Future<ForgetLeadResponse> forget(
      Pool pool, String table, String keyColumn, String leadId) {
    String select =
        "SELECT "
            + keyColumn
            + " AS k, lead FROM "
            + table
            + " WHERE lead_id::text = $1 AND lead IS NOT NULL FOR UPDATE";
    String update = "UPDATE " + table + " SET lead = $2 WHERE " + keyColumn + " = $1";
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(select)
                .execute(Tuple.of(leadId))
                .compose(
                    rows -> {
                      List<Tuple> updates = new ArrayList<>();
                      for (Row r : rows) {
                        updates.add(
                            Tuple.of(
                                r.getValue("k"),
                                Buffer.buffer(PersonalData.strip(parse(r, leadId)).toByteArray())));
                      }
                      Future<?> done =
                          updates.isEmpty()
                              ? Future.succeededFuture()
                              : tx.preparedQuery(update).executeBatch(updates);
                      return done.map(
                          v -> ForgetLeadResponse.newBuilder().setScrubbed(updates.size()).build());
                    }));
  }

  private static Lead parse(Row r, String leadId) {
    try {
      return Lead.parseFrom(r.getBuffer("lead").getBytes());
    } catch (InvalidProtocolBufferException e) {
      // Unreadable: keep nothing but the id rather than risk keeping personal data.
      return Lead.newBuilder().setLeadId(leadId).build();
    }
  }
}
