package dev.leadrouter.capture.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.leadrouter.capture.dedupe.LeadMerge;
import dev.leadrouter.capture.dedupe.PersonLocks;
import dev.leadrouter.runtime.outbox.LeasedWrites;
import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.DedupeOutcome;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.RepeatActivity;
import dev.leadrouter.v1.RouteRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Owns capture's SQL for taking leads in: the lead, its routing request (outbox), deduplication
 * against recent leads of the same person, repeat activity, and idempotency keys.
 */
public final class LeadRepository {
  public static final String ROUTE_TOPIC = "routing.route";
  public static final String REPEAT_ACTIVITY_TOPIC = "capture.repeat_activity";

  private static final String LOCK =
      "SELECT pg_advisory_xact_lock(x) FROM (SELECT x FROM unnest($1::bigint[]) AS x ORDER BY x) AS ordered";
  private static final String FIND_RECENT =
      "SELECT lead_id, lead FROM leads WHERE (email = $1 OR phone = $2) AND created_at > $3 "
          + "ORDER BY created_at DESC LIMIT 1 FOR UPDATE";

  /** The lead and its routing request, one round trip. */
  private static final String INSERT_NEW =
      "WITH lead AS (INSERT INTO leads (lead_id, source_id, external_id, email, phone, received_at, lead) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7)) "
          + LeasedWrites.insertRow(8);

  private final Pool pool;
  private final Duration dedupeWindow;
  private final Clock clock;
  private final LeadMerge merge = new LeadMerge();

  public LeadRepository(Pool pool, Duration dedupeWindow, Clock clock) {
    this.pool = pool;
    this.dedupeWindow = dedupeWindow;
    this.clock = clock;
  }

  public LeadRepository(Pool pool) {
    this(pool, Duration.ofDays(30), Clock.systemUTC());
  }

  /**
   * Takes a lead in, in one transaction: either a new lead with its routing request, or (the same
   * email or phone within the dedupe window) a merge into the existing lead with a repeat-activity
   * record and a request to tell its owner. A known idempotency key returns the first answer.
   * Advisory locks on the person's identities serialize simultaneous submissions of one person.
   */
  public Future<CapturedLead> capture(Lead lead, String idempotencyKey, LeasedWrites outbox) {
    return pool.withTransaction(
        tx ->
            lock(tx, List.of(new Submission(lead, idempotencyKey)))
                .compose(locked -> takeIn(tx, lead, idempotencyKey, outbox)));
  }

  /** One lead to take in, with its idempotency key or null. */
  public record Submission(Lead lead, String idempotencyKey) {}

  /**
   * {@link #capture} for several leads in one transaction and one commit: each answer is the one it
   * would get alone, in order, so a later lead of the same person merges into an earlier one. The
   * person locks of all of them are taken first, in one statement and in key order, as a single
   * capture takes its own, so groups and single captures cannot deadlock on them. If any statement
   * fails, nothing of the group is stored.
   */
  public Future<List<CapturedLead>> captureAll(List<Submission> group, LeasedWrites outbox) {
    return pool.withTransaction(
        tx ->
            lock(tx, group)
                .compose(
                    locked -> {
                      List<CapturedLead> taken = new ArrayList<>();
                      Future<Void> chain = Future.succeededFuture();
                      for (Submission s : group) {
                        chain =
                            chain.compose(
                                v ->
                                    takeIn(tx, s.lead(), s.idempotencyKey(), outbox)
                                        .map(
                                            captured -> {
                                              taken.add(captured);
                                              return null;
                                            }));
                      }
                      return chain.map(v -> taken);
                    }));
  }

  private static Future<?> lock(SqlConnection tx, List<Submission> submissions) {
    Long[] keys =
        submissions.stream()
            .flatMapToLong(
                s -> java.util.Arrays.stream(PersonLocks.of(s.lead(), s.idempotencyKey())))
            .distinct()
            .boxed()
            .toArray(Long[]::new);
    return tx.preparedQuery(LOCK).execute(Tuple.tuple().addArrayOfLong(keys));
  }

  /** After the person's locks: the first answer for a known key, else dedupe and store. */
  private Future<CapturedLead> takeIn(
      SqlConnection tx, Lead lead, String idempotencyKey, LeasedWrites outbox) {
    return (idempotencyKey == null
            ? Future.<CapturedLead>succeededFuture(null)
            : replay(tx, idempotencyKey))
        .compose(
            replayed ->
                replayed != null
                    ? Future.succeededFuture(replayed)
                    : dedupe(tx, lead, idempotencyKey, outbox));
  }

  private Future<CapturedLead> dedupe(
      SqlConnection tx, Lead lead, String idempotencyKey, LeasedWrites outbox) {
    String email = blankToNull(lead.getContact().getEmail());
    String phone = blankToNull(lead.getContact().getPhone());
    if (email == null && phone == null) {
      return insertNew(tx, lead, idempotencyKey, outbox);
    }
    OffsetDateTime since = clock.instant().minus(dedupeWindow).atOffset(ZoneOffset.UTC);
    return tx.preparedQuery(FIND_RECENT)
        .execute(Tuple.of(email, phone, since))
        .compose(
            rows ->
                rows.size() == 0
                    ? insertNew(tx, lead, idempotencyKey, outbox)
                    : mergeInto(tx, decode(rows.iterator().next()), lead, idempotencyKey, outbox));
  }

  private Future<CapturedLead> insertNew(
      SqlConnection tx, Lead lead, String idempotencyKey, LeasedWrites outbox) {
    byte[] route = RouteRequest.newBuilder().setLead(lead).build().toByteArray();
    // one round trip for the lead and its routing request (the outbox row commits with it, leased
    // to this process's relay, which sends it as soon as the transaction commits)
    return tx.preparedQuery(INSERT_NEW)
        .execute(
            Tuple.of(
                    UUID.fromString(lead.getLeadId()),
                    blankToNull(lead.getSource().getSourceId()),
                    blankToNull(lead.getExternalId()),
                    blankToNull(lead.getContact().getEmail()),
                    blankToNull(lead.getContact().getPhone()),
                    time(lead.getReceivedAt()))
                .addValue(Buffer.buffer(lead.toByteArray()))
                .addValue(ROUTE_TOPIC)
                .addValue(lead.getLeadId())
                .addValue(Buffer.buffer(route))
                .addValue(outbox.owner())
                .addValue(outbox.leaseMillis()))
        .compose(
            rows -> {
              outbox.added(rows, ROUTE_TOPIC, lead.getLeadId(), route);
              return rememberKey(
                  tx, idempotencyKey, lead.getLeadId(), DedupeOutcome.DEDUPE_OUTCOME_NEW);
            })
        .map(v -> new CapturedLead(lead, DedupeOutcome.DEDUPE_OUTCOME_NEW));
  }

  private Future<CapturedLead> mergeInto(
      SqlConnection tx, Lead existing, Lead repeat, String idempotencyKey, LeasedWrites outbox) {
    Instant now = clock.instant();
    Lead merged = merge.merge(existing, repeat, now);
    String activityId = UUID.randomUUID().toString();
    RepeatActivity.Builder activityBuilder =
        RepeatActivity.newBuilder()
            .setActivityId(activityId)
            .setLeadId(existing.getLeadId())
            .setLead(merged)
            .setOccurredAt(repeat.getReceivedAt())
            .setSourceId(repeat.getSource().getSourceId());
    // A new CRM record of the same person rides the activity to the owner's notice, so notify
    // writes the lead's owner to it too.
    CrmRecord newRecord = LeadMerge.newCrmRecord(existing, repeat);
    if (newRecord != null) {
      activityBuilder.setCrmRecord(newRecord);
    }
    byte[] activity = activityBuilder.build().toByteArray();
    UUID leadId = UUID.fromString(existing.getLeadId());
    return tx.preparedQuery(
            "UPDATE leads SET lead = $2, email = $3, phone = $4, updated_at = $5 WHERE lead_id = $1")
        .execute(
            Tuple.of(
                leadId,
                Buffer.buffer(merged.toByteArray()),
                blankToNull(merged.getContact().getEmail()),
                blankToNull(merged.getContact().getPhone()),
                now.atOffset(ZoneOffset.UTC)))
        .compose(
            v ->
                tx.preparedQuery(
                        "INSERT INTO lead_activity (activity_id, lead_id, source_id, email, occurred_at, submission) "
                            + "VALUES ($1, $2, $3, $4, $5, $6)")
                    .execute(
                        Tuple.of(
                            UUID.fromString(activityId),
                            leadId,
                            blankToNull(repeat.getSource().getSourceId()),
                            blankToNull(repeat.getContact().getEmail()),
                            time(repeat.getReceivedAt()),
                            Buffer.buffer(repeat.toByteArray()))))
        .compose(v -> outbox.enqueue(tx, REPEAT_ACTIVITY_TOPIC, activityId, activity))
        .compose(
            v ->
                rememberKey(
                    tx,
                    idempotencyKey,
                    existing.getLeadId(),
                    DedupeOutcome.DEDUPE_OUTCOME_DUPLICATE_MERGED))
        .map(
            v ->
                new CapturedLead(
                    merged, DedupeOutcome.DEDUPE_OUTCOME_DUPLICATE_MERGED, existing.getLeadId()));
  }

  private Future<Void> rememberKey(
      SqlConnection tx, String key, String leadId, DedupeOutcome outcome) {
    if (key == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(
            "INSERT INTO idempotency_keys (idempotency_key, lead_id, outcome) VALUES ($1, $2, $3)")
        .execute(Tuple.of(key, UUID.fromString(leadId), outcome.name()))
        .mapEmpty();
  }

  /**
   * The first answer for a key, or null when the key is new. An erased lead replays as its bare id.
   */
  private Future<CapturedLead> replay(SqlConnection tx, String key) {
    return tx.preparedQuery(
            "SELECT k.lead_id, l.lead FROM idempotency_keys k LEFT JOIN leads l ON l.lead_id = k.lead_id "
                + "WHERE k.idempotency_key = $1")
        .execute(Tuple.of(key))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              Lead lead =
                  row.getBuffer("lead") == null
                      ? Lead.newBuilder().setLeadId(row.getUUID("lead_id").toString()).build()
                      : decode(row);
              return new CapturedLead(lead, DedupeOutcome.DEDUPE_OUTCOME_IDEMPOTENT_REPLAY);
            });
  }

  /** The lead, or null when there is none with that id (or it was erased). */
  public Future<Lead> find(UUID leadId) {
    return pool.preparedQuery("SELECT lead FROM leads WHERE lead_id = $1")
        .execute(Tuple.of(leadId))
        .map(rows -> rows.size() == 0 ? null : decode(rows.iterator().next()));
  }

  /**
   * Leads received in [from, to) (either may be null), oldest first, after the (created_at,
   * lead_id) cursor when one is given; erased leads (no stored lead) are left out.
   */
  public Future<List<StoredLead>> page(
      OffsetDateTime from, OffsetDateTime to, OffsetDateTime afterAt, UUID afterId, int limit) {
    return pool.preparedQuery(
            "SELECT lead_id, lead, created_at FROM leads WHERE lead IS NOT NULL"
                + " AND ($1::timestamptz IS NULL OR created_at >= $1)"
                + " AND ($2::timestamptz IS NULL OR created_at < $2)"
                + " AND ($3::timestamptz IS NULL OR (created_at, lead_id) > ($3, $4::uuid))"
                + " ORDER BY created_at, lead_id LIMIT $5")
        .execute(Tuple.of(from, to, afterAt, afterId, limit))
        .map(
            rows -> {
              List<StoredLead> out = new ArrayList<>();
              for (Row row : rows) {
                out.add(new StoredLead(decode(row), row.getOffsetDateTime("created_at")));
              }
              return out;
            });
  }

  /** A stored lead and when capture received it (the listing's cursor). */
  public record StoredLead(Lead lead, OffsetDateTime receivedAt) {}

  /** Number of repeat activities recorded on a lead. */
  public Future<Long> activityCount(UUID leadId) {
    return pool.preparedQuery("SELECT count(*) FROM lead_activity WHERE lead_id = $1")
        .execute(Tuple.of(leadId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Long> count() {
    return pool.query("SELECT count(*) FROM leads")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Lead decode(Row row) {
    try {
      return Lead.parseFrom(row.getBuffer("lead").getBytes());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored lead is not a valid leadrouter.v1.Lead", e);
    }
  }

  static OffsetDateTime time(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).atOffset(ZoneOffset.UTC);
  }

  static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
