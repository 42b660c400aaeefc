package dev.leadrouter.capture.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.runtime.outbox.Outbox;
import dev.leadrouter.v1.DedupeOutcome;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.RouteRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.UUID;

/** Owns capture's SQL: leads and the outbox rows that hand them to routing. */
public final class LeadRepository {
  public static final String ROUTE_TOPIC = "routing.route";

  private final Pool pool;

  public LeadRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores a new lead and its routing request in one transaction, so a lead is either fully
   * accepted (and will be routed) or not there at all. A known idempotency key returns the lead
   * stored first, untouched.
   */
  public Future<CapturedLead> capture(Lead lead, String idempotencyKey) {
    return pool.withTransaction(tx -> insert(tx, lead, idempotencyKey).compose(inserted -> {
      if (!inserted) {
        return findByIdempotencyKey(tx, idempotencyKey)
            .map(existing -> new CapturedLead(existing, DedupeOutcome.DEDUPE_OUTCOME_IDEMPOTENT_REPLAY));
      }
      byte[] route = RouteRequest.newBuilder().setLead(lead).build().toByteArray();
      return Outbox.enqueue(tx, ROUTE_TOPIC, lead.getLeadId(), route)
          .map(v -> new CapturedLead(lead, DedupeOutcome.DEDUPE_OUTCOME_NEW));
    }));
  }

  private Future<Boolean> insert(SqlConnection tx, Lead lead, String idempotencyKey) {
    var received = java.time.Instant.ofEpochSecond(lead.getReceivedAt().getSeconds(), lead.getReceivedAt().getNanos())
        .atOffset(ZoneOffset.UTC);
    return tx.preparedQuery(
            "INSERT INTO leads (lead_id, idempotency_key, source_id, external_id, email, phone, received_at, lead) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING")
        .execute(Tuple.of(UUID.fromString(lead.getLeadId()), idempotencyKey, blankToNull(lead.getSource().getSourceId()),
                blankToNull(lead.getExternalId()), blankToNull(lead.getContact().getEmail()),
                blankToNull(lead.getContact().getPhone()), received)
            .addValue(Buffer.buffer(lead.toByteArray())))
        .map(rows -> rows.rowCount() == 1);
  }

  private Future<Lead> findByIdempotencyKey(SqlConnection tx, String key) {
    return tx.preparedQuery("SELECT lead FROM leads WHERE idempotency_key = $1")
        .execute(Tuple.of(key))
        .map(rows -> decode(rows.iterator().next()));
  }

  /** The lead, or null when there is none with that id. */
  public Future<Lead> find(UUID leadId) {
    return pool.preparedQuery("SELECT lead FROM leads WHERE lead_id = $1")
        .execute(Tuple.of(leadId))
        .map(rows -> rows.size() == 0 ? null : decode(rows.iterator().next()));
  }

  public Future<Long> count() {
    return pool.query("SELECT count(*) FROM leads").execute().map(rows -> rows.iterator().next().getLong(0));
  }

  private static Lead decode(Row row) {
    try {
      return Lead.parseFrom(row.getBuffer("lead").getBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored lead is not a valid leadrouter.v1.Lead", e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
