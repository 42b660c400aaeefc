package dev.leadrouter.capture.store;

import dev.leadrouter.capture.normalize.EmailAddress;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * GDPR erasure of what capture holds about a person, in one transaction: the lead (bytes and
 * columns), its repeat activities, and outbox rows still waiting to carry its data (routing
 * request, repeat-activity notices). An anonymous tombstone (id, source, receipt time) keeps lead
 * statistics whole; the audit row says who erased how many leads, when and why, and nothing about
 * whom.
 */
public final class ErasureRepository {
  /** What an erasure did. */
  public record Erasure(List<String> erasedLeadIds, Instant erasedAt) {}

  private final Pool pool;

  public ErasureRepository(Pool pool) {
    this.pool = pool;
  }

  /** Outbox topics of the ForgetLead calls to the services that keep lead snapshots. */
  public static final String FORGET_IN_ROUTING = "routing.forget_lead";

  public static final String FORGET_IN_NOTIFY = "notify.forget_lead";
  public static final String FORGET_IN_SLA = "sla.forget_lead";

  public Future<Erasure> eraseLead(UUID leadId, String requestedBy, String reason) {
    return erase(
        "lead_id",
        "SELECT lead_id, source_id, received_at FROM leads WHERE lead_id = $1 FOR UPDATE",
        Tuple.of(leadId),
        "SELECT NULL::uuid WHERE false",
        Tuple.tuple(),
        requestedBy,
        reason);
  }

  public Future<Erasure> eraseEmail(String email, String requestedBy, String reason) {
    // the same canonical form capture stored (NFC, lower case, Unicode domain), so "JOSÉ@BÜCHER.DE"
    // or its punycode spelling finds josé@bücher.de
    String normalized =
        new EmailAddress()
            .parse(email)
            .map(EmailAddress.Parsed::address)
            .orElse(email.strip().toLowerCase(Locale.ROOT));
    return erase(
        "email",
        "SELECT lead_id, source_id, received_at FROM leads WHERE email = $1 FOR UPDATE",
        Tuple.of(normalized),
        "SELECT activity_id FROM lead_activity WHERE email = $1",
        Tuple.of(normalized),
        requestedBy,
        reason);
  }

  private Future<Erasure> erase(
      String kind,
      String findLeads,
      Tuple leadArgs,
      String findActivities,
      Tuple activityArgs,
      String requestedBy,
      String reason) {
    Instant now = Instant.now();
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(findLeads)
                .execute(leadArgs)
                .compose(
                    rows -> {
                      List<UUID> ids = new ArrayList<>();
                      List<Tuple> tombstones = new ArrayList<>();
                      for (Row r : rows) {
                        ids.add(r.getUUID("lead_id"));
                        tombstones.add(
                            Tuple.of(
                                r.getUUID("lead_id"),
                                r.getString("source_id"),
                                r.getOffsetDateTime("received_at"),
                                now.atOffset(ZoneOffset.UTC)));
                      }
                      UUID[] idArray = ids.toArray(UUID[]::new);
                      Future<Void> tomb =
                          tombstones.isEmpty()
                              ? Future.succeededFuture()
                              : tx.preparedQuery(
                                      "INSERT INTO erased_leads (lead_id, source_id, received_at, erased_at) VALUES ($1, $2, $3, $4) "
                                          + "ON CONFLICT (lead_id) DO NOTHING")
                                  .executeBatch(tombstones)
                                  .mapEmpty();
                      return tomb.compose(
                              v -> tx.preparedQuery(findActivities).execute(activityArgs))
                          .compose(
                              extra -> {
                                List<UUID> activities = new ArrayList<>();
                                extra.forEach(r -> activities.add(r.getUUID(0)));
                                return deletePersonalData(
                                    tx, idArray, activities.toArray(UUID[]::new));
                              })
                          .compose(v -> forgetDownstream(tx, ids))
                          .compose(
                              v ->
                                  tx.preparedQuery(
                                          "INSERT INTO erasure_audit (erasure_id, requested_by, reason, target_kind, lead_count, erased_at) "
                                              + "VALUES ($1, $2, $3, $4, $5, $6)")
                                      .execute(
                                          Tuple.of(
                                              UUID.randomUUID(),
                                              requestedBy,
                                              reason,
                                              kind,
                                              ids.size(),
                                              now.atOffset(ZoneOffset.UTC))))
                          .map(v -> new Erasure(ids.stream().map(UUID::toString).toList(), now));
                    }));
  }

  /**
   * routing, notify and sla keep snapshots of the lead beside their own records: ask each, through
   * the outbox (so the request survives a crash), to strip the personal data from them too.
   */
  private static Future<Void> forgetDownstream(SqlConnection tx, List<UUID> leadIds) {
    Future<Void> chain = Future.succeededFuture();
    for (UUID id : leadIds) {
      byte[] request =
          dev.leadrouter.v1.ForgetLeadRequest.newBuilder()
              .setLeadId(id.toString())
              .build()
              .toByteArray();
      for (String topic : List.of(FORGET_IN_ROUTING, FORGET_IN_NOTIFY, FORGET_IN_SLA)) {
        chain =
            chain.compose(
                v ->
                    dev.leadrouter.runtime.outbox.Outbox.enqueue(
                        tx, topic, id.toString(), request));
      }
    }
    return chain;
  }

  private static Future<Void> deletePersonalData(
      SqlConnection tx, UUID[] leadIds, UUID[] otherActivities) {
    return tx.preparedQuery(
            "DELETE FROM outbox WHERE (topic = 'routing.route' AND message_key = ANY($1::text[])) "
                + "OR (topic = 'capture.repeat_activity' AND message_key IN ("
                + "  SELECT activity_id::text FROM lead_activity WHERE lead_id = ANY($2) OR activity_id = ANY($3)))")
        .execute(
            Tuple.tuple()
                .addArrayOfString(
                    java.util.Arrays.stream(leadIds).map(UUID::toString).toArray(String[]::new))
                .addArrayOfUUID(leadIds)
                .addArrayOfUUID(otherActivities))
        .compose(
            v ->
                tx.preparedQuery(
                        "DELETE FROM lead_activity WHERE lead_id = ANY($1) OR activity_id = ANY($2)")
                    .execute(Tuple.tuple().addArrayOfUUID(leadIds).addArrayOfUUID(otherActivities)))
        .compose(
            v ->
                tx.preparedQuery("DELETE FROM leads WHERE lead_id = ANY($1)")
                    .execute(Tuple.tuple().addArrayOfUUID(leadIds)))
        .mapEmpty();
  }

  /** How many erasures the audit log holds (for tests and operators). */
  public Future<Long> auditCount() {
    return pool.query("SELECT count(*) FROM erasure_audit")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
