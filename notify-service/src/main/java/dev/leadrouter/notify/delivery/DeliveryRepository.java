package dev.leadrouter.notify.delivery;

import dev.leadrouter.runtime.batch.InFlightGroups;
import dev.leadrouter.runtime.outbox.LeasedWrites;
import dev.leadrouter.v1.DeliveryStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * All SQL on the deliveries table. Statements are parameterized; enum values are stored via {@link
 * StoredEnums}.
 */
public final class DeliveryRepository {
  private static final String FROM_DELIVERIES_WITH_OUTBOX =
      " FROM deliveries d LEFT JOIN outbox o "
          + "ON o.topic = 'notify.' || lower(d.channel) AND o.message_key = d.id::text ";

  private static final String INSERT =
      "INSERT INTO deliveries (id, assignment_id, lead_id, kind, channel, "
          + "recipient_rep_id, recipient_role, recipient_index, address, status, last_error, request, event_id) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
          + "ON CONFLICT ON CONSTRAINT deliveries_idempotency DO NOTHING RETURNING id";
  private static final String EXISTING_ID =
      "SELECT id FROM deliveries WHERE assignment_id = $1 AND kind = $2 AND channel = $3 AND address = $4 AND event_id = $5";
  private static final String BY_IDS =
      "SELECT " + DeliveryRow.COLUMNS + FROM_DELIVERIES_WITH_OUTBOX + "WHERE d.id = ANY($1)";
  private static final String SENDABLE =
      "SELECT id, channel, address, status, recipient_index, attempts, request, "
          + "not_before, outcome_unknown, first_attempt_at FROM deliveries WHERE id = $1";
  // SENDING is included: a replica that died mid-send leaves it, and the relay hands the row on
  // after the lease.
  private static final String MARK_SENDING =
      "UPDATE deliveries SET status = 'SENDING', attempts = attempts + 1, "
          + "first_attempt_at = coalesce(first_attempt_at, now()), updated_at = now() "
          + "WHERE id = $1 AND status IN ('PENDING', 'RETRYING', 'SENDING') RETURNING attempts, first_attempt_at";

  /**
   * {@link #SENDABLE} and {@link #MARK_SENDING} in one statement, for the common case that nothing
   * stands between reading a delivery and starting its attempt. It answers the status the delivery
   * had before (a SENDING one was left by a replica that died mid-send) and the attempt's number.
   */
  private static final String CLAIM =
      "UPDATE deliveries d SET status = 'SENDING', attempts = d.attempts + 1, "
          + "first_attempt_at = coalesce(d.first_attempt_at, now()), updated_at = now() "
          + "FROM (SELECT id, status FROM deliveries WHERE id = $1 FOR UPDATE) AS was "
          + "WHERE d.id = was.id AND was.status IN ('PENDING', 'RETRYING', 'SENDING') "
          + "AND (d.not_before IS NULL OR d.not_before <= $2) "
          + "RETURNING d.id, d.channel, d.address, was.status, d.recipient_index, d.attempts, "
          + "d.request, d.not_before, d.outcome_unknown, d.first_attempt_at";

  private static final String MARK_SENT =
      "UPDATE deliveries d SET status = 'SENT', sent_at = now(), last_error = NULL, "
          + "not_before = NULL, outcome_unknown = false, provider_ref = m.provider_ref, updated_at = now() "
          + "FROM unnest($1::uuid[], $2::text[]) AS m(id, provider_ref) WHERE d.id = m.id";
  private static final String MARK_ONE_SENT =
      "UPDATE deliveries SET status = 'SENT', sent_at = now(), last_error = NULL, "
          + "not_before = NULL, outcome_unknown = false, provider_ref = $2, updated_at = now() WHERE id = $1";
  private static final String MARK_UNSENT =
      "UPDATE deliveries SET status = $2, last_error = $3, "
          + "not_before = now() + $4 * interval '1 millisecond', outcome_unknown = $5, updated_at = now() "
          + "WHERE id = $1 AND status NOT IN ('SENT', 'DELIVERED', 'UNDELIVERED')";
  private static final String PAGE_ORDER = " ORDER BY d.created_at DESC, d.id DESC LIMIT ";

  private final Pool pool;

  private static final java.util.Set<String> NOT_YET_SENT = java.util.Set.of("PENDING", "RETRYING");

  /** Scrubbed and cancelled counts of {@link #forgetLead}. */
  public record Forgotten(int scrubbed, int cancelled) {}

  /**
   * Strips the personal data from the lead snapshot stored with each of the lead's deliveries and
   * cancels the deliveries not sent yet, in one transaction: after a GDPR erasure nothing here
   * names the person.
   */
  public Future<Forgotten> forgetLead(String leadId) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "SELECT id, request, status FROM deliveries WHERE lead_id = $1 FOR UPDATE")
                .execute(Tuple.of(leadId))
                .compose(
                    rows -> {
                      List<Tuple> updates = new ArrayList<>();
                      int cancelled = 0;
                      for (io.vertx.sqlclient.Row r : rows) {
                        dev.leadrouter.v1.NotifyRequest scrubbed;
                        try {
                          var stored =
                              dev.leadrouter.v1.NotifyRequest.parseFrom(
                                  r.getBuffer("request").getBytes());
                          scrubbed =
                              stored.toBuilder()
                                  .setLead(
                                      dev.leadrouter.runtime.privacy.PersonalData.strip(
                                          stored.getLead()))
                                  .build();
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                          scrubbed =
                              dev.leadrouter.v1.NotifyRequest.newBuilder()
                                  .setLeadId(leadId)
                                  .build();
                        }
                        if (NOT_YET_SENT.contains(r.getString("status"))) {
                          cancelled++;
                        }
                        updates.add(
                            Tuple.of(r.getUUID("id"), Buffer.buffer(scrubbed.toByteArray())));
                      }
                      int cancelledCount = cancelled;
                      if (updates.isEmpty()) {
                        return Future.succeededFuture(new Forgotten(0, 0));
                      }
                      return tx.preparedQuery(
                              "UPDATE deliveries SET request = $2, updated_at = now(), "
                                  + "status = CASE WHEN status IN ('PENDING', 'RETRYING') THEN 'FAILED' ELSE status END, "
                                  + "last_error = CASE WHEN status IN ('PENDING', 'RETRYING') THEN 'lead erased' ELSE last_error END "
                                  + "WHERE id = $1")
                          .executeBatch(updates)
                          .map(v -> new Forgotten(updates.size(), cancelledCount));
                    }));
  }

  public DeliveryRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Creates the deliveries that do not exist yet and returns all of them, existing ones included,
   * in the order given. In the same transaction each newly created PENDING delivery is queued in
   * the outbox for its channel's sender (leased to this process's relay, which sends it once the
   * transaction commits), so a stored delivery is never left unsent and a repeat of the same
   * request queues nothing.
   */
  public Future<List<DeliveryRow>> createAll(List<NewDelivery> wanted, LeasedWrites outbox) {
    return createEach(List.of(wanted), outbox).map(all -> all.get(0));
  }

  /**
   * {@link #createAll} for several requests in one transaction, one commit for all (BatchNotify);
   * each request's deliveries come back in its own list.
   */
  public Future<List<List<DeliveryRow>>> createEach(
      List<List<NewDelivery>> perRequest, LeasedWrites outbox) {
    return pool.withTransaction(
        tx -> {
          List<List<UUID>> ids = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          for (List<NewDelivery> wanted : perRequest) {
            List<UUID> requestIds = new ArrayList<>();
            ids.add(requestIds);
            for (NewDelivery d : wanted) {
              chain =
                  chain
                      .compose(v -> create(tx, d, outbox))
                      .map(
                          id -> {
                            requestIds.add(id);
                            return null;
                          });
            }
          }
          return chain
              .compose(v -> byIds(tx, ids.stream().flatMap(List::stream).toList()))
              // Two recipients may share an address: keep the request's order, each delivery once.
              .map(
                  found ->
                      ids.stream()
                          .map(
                              requestIds -> requestIds.stream().distinct().map(found::get).toList())
                          .toList());
        });
  }

  private Future<UUID> create(SqlConnection tx, NewDelivery d, LeasedWrites outbox) {
    UUID id = UUID.randomUUID();
    String kind = StoredEnums.kind(d.request().getKind());
    String channel = StoredEnums.channel(d.channel());
    Tuple insert =
        Tuple.tuple()
            .addUUID(id)
            .addString(d.request().getAssignmentId())
            .addString(d.request().getLeadId())
            .addString(kind)
            .addString(channel)
            .addString(d.recipientRepId())
            .addString(StoredEnums.role(d.role()))
            .addInteger(d.recipientIndex())
            .addString(d.address())
            .addString(StoredEnums.status(d.initialStatus()))
            .addString(d.initialError())
            .addBuffer(Buffer.buffer(d.request().toByteArray()))
            .addString(d.request().getEventId());
    return tx.preparedQuery(INSERT)
        .execute(insert)
        .compose(
            rows -> {
              if (rows.rowCount() == 0) {
                // Already created by an earlier call with the same idempotency key. A separate
                // statement (not
                // part of the INSERT) so it sees a row committed concurrently by another
                // transaction.
                return tx.preparedQuery(EXISTING_ID)
                    .execute(
                        Tuple.of(
                            d.request().getAssignmentId(),
                            kind,
                            channel,
                            d.address(),
                            d.request().getEventId()))
                    .map(existing -> existing.iterator().next().getUUID("id"));
              }
              if (d.initialStatus() != DeliveryStatus.DELIVERY_STATUS_PENDING) {
                return Future.succeededFuture(id);
              }
              // The payload only names the delivery: the sender reads the row, which is the source
              // of truth.
              return outbox
                  .enqueue(
                      tx,
                      DeliveryTopics.forChannel(d.channel()),
                      id.toString(),
                      id.toString().getBytes(StandardCharsets.US_ASCII))
                  .map(id);
            });
  }

  private Future<Map<UUID, DeliveryRow>> byIds(SqlConnection tx, List<UUID> ids) {
    return tx.preparedQuery(BY_IDS)
        .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0])))
        .map(
            rows -> {
              Map<UUID, DeliveryRow> found = new HashMap<>();
              for (Row r : rows) {
                DeliveryRow d = DeliveryRow.from(r);
                found.put(d.id(), d);
              }
              return found;
            });
  }

  public Future<Optional<SendableDelivery>> findSendable(UUID id) {
    return pool.preparedQuery(SENDABLE)
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(sendable(rows.iterator().next())));
  }

  /**
   * Starts an attempt of a delivery that may be sent now (PENDING, RETRYING or left SENDING, and
   * not held by a Retry-After later than {@code now}), in one statement: the delivery as it was,
   * with the new attempt's number in {@code attempts}. Empty when it may not be sent now, or does
   * not exist; {@link #findSendable} then tells which.
   */
  public Future<Optional<SendableDelivery>> claim(UUID id, Instant now) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(id, now.atOffset(java.time.ZoneOffset.UTC)))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(sendable(rows.iterator().next())));
  }

  private static SendableDelivery sendable(Row r) {
    return new SendableDelivery(
        r.getUUID("id"),
        StoredEnums.channel(r.getString("channel")),
        r.getString("address"),
        StoredEnums.status(r.getString("status")),
        r.getInteger("recipient_index"),
        r.getInteger("attempts"),
        r.getBuffer("request").getBytes(),
        instant(r.getOffsetDateTime("not_before")),
        r.getBoolean("outcome_unknown"),
        instant(r.getOffsetDateTime("first_attempt_at")));
  }

  public record Attempt(int number, Instant firstAttemptAt) {}

  /** Records that an attempt starts; empty if the delivery is not sendable any more. */
  public Future<Optional<Attempt>> markSending(UUID id) {
    return pool.preparedQuery(MARK_SENDING)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row r = rows.iterator().next();
              return Optional.of(
                  new Attempt(
                      r.getInteger("attempts"), instant(r.getOffsetDateTime("first_attempt_at"))));
            });
  }

  /**
   * Records the provider's acceptance, with its id for the message when it gave one. Marks go in
   * groups under load: while {@link #MARKS_IN_FLIGHT} UPDATEs commit, the sends finished meanwhile
   * wait for the next, so an overloaded relay pays one commit for many sends and a relay under
   * moderate load a commit each without waiting. A failed UPDATE fails its whole group: those sends
   * are retried, as a single failed mark always was.
   */
  public Future<Void> markSent(UUID id, String providerRef) {
    Promise<Void> marked = Promise.promise();
    sentMarks.submit(new SentMark(id, providerRef, marked));
    return marked.future();
  }

  /**
   * Marks committing at once before sends wait to share the next: enough that a send under moderate
   * load never waits for another's commit, few enough that under overload they group.
   */
  private static final int MARKS_IN_FLIGHT = 4;

  private record SentMark(UUID id, String providerRef, Promise<Void> marked) {}

  private final InFlightGroups<SentMark> sentMarks =
      new InFlightGroups<>(MARKS_IN_FLIGHT, Integer.MAX_VALUE, this::markGroup);

  private Future<?> markGroup(List<SentMark> group) {
    // One send alone (an idle relay): the single-row form, cheaper than unnest for one row.
    Future<?> marked =
        group.size() == 1
            ? pool.preparedQuery(MARK_ONE_SENT)
                .execute(Tuple.of(group.get(0).id(), group.get(0).providerRef()))
            : pool.preparedQuery(MARK_SENT)
                .execute(
                    Tuple.tuple()
                        .addArrayOfUUID(group.stream().map(SentMark::id).toArray(UUID[]::new))
                        .addArrayOfString(
                            group.stream().map(SentMark::providerRef).toArray(String[]::new)));
    return marked.onComplete(
        ar -> {
          for (SentMark m : group) {
            if (ar.succeeded()) {
              m.marked().tryComplete();
            } else {
              m.marked().tryFail(ar.cause());
            }
          }
        });
  }

  /**
   * Records a failed attempt: RETRYING (the relay tries again), FAILED or DEAD_LETTER (it does
   * not).
   *
   * @param notBefore the provider's requested wait before the next attempt, null for none
   * @param outcomeUnknown the provider may have accepted the message anyway; check before resending
   */
  public Future<Void> markUnsent(
      UUID id, DeliveryStatus status, String error, Duration notBefore, boolean outcomeUnknown) {
    Tuple t =
        Tuple.of(
            id,
            StoredEnums.status(status),
            error,
            notBefore == null ? null : notBefore.toMillis(),
            outcomeUnknown);
    return pool.preparedQuery(MARK_UNSENT).execute(t).mapEmpty();
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  /**
   * Records what the carrier reported after the provider accepted a message (SMS status callback):
   * DELIVERED, or UNDELIVERED with the carrier's error. Only a SENT delivery moves: callbacks may
   * arrive twice or out of order. True when a delivery changed.
   */
  public Future<Boolean> markCarrierOutcome(
      String providerRef, DeliveryStatus status, String error) {
    return pool.preparedQuery(
            "UPDATE deliveries SET status = $2, last_error = $3, updated_at = now() "
                + "WHERE provider_ref = $1 AND channel = 'SMS' AND status = 'SENT'")
        .execute(Tuple.of(providerRef, StoredEnums.status(status), error))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Deliveries of a lead and/or an assignment (at least one must be given), newest first. */
  public Future<DeliveryPage> list(String leadId, String assignmentId, PageSlice page) {
    List<String> conditions = new ArrayList<>();
    Tuple params = Tuple.tuple();
    if (leadId != null) {
      params.addString(leadId);
      conditions.add("d.lead_id = $" + params.size());
    }
    if (assignmentId != null) {
      params.addString(assignmentId);
      conditions.add("d.assignment_id = $" + params.size());
    }
    if (conditions.isEmpty()) {
      throw new IllegalArgumentException("a lead or assignment filter is required");
    }
    return page(conditions, params, page);
  }

  /** What {@link #retry} found. */
  public enum RetryOutcome {
    QUEUED,
    NOT_FOUND,
    NOT_DEAD
  }

  /**
   * Puts a FAILED or DEAD_LETTER delivery back to PENDING with a fresh attempt budget and queues it
   * for its channel again, in one transaction. The parked outbox row of its last try is revived
   * (same key) rather than duplicated. {@code outcome_unknown} is kept, so the sender still checks
   * with the provider before sending what may already have gone out.
   */
  public Future<RetryOutcome> retry(UUID id) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "UPDATE deliveries SET status = 'PENDING', attempts = 0, last_error = NULL, "
                        + "not_before = NULL, updated_at = now() "
                        + "WHERE id = $1 AND status IN ('FAILED', 'DEAD_LETTER') RETURNING channel")
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return tx.preparedQuery("SELECT 1 FROM deliveries WHERE id = $1")
                            .execute(Tuple.of(id))
                            .map(
                                found ->
                                    found.size() == 0
                                        ? RetryOutcome.NOT_FOUND
                                        : RetryOutcome.NOT_DEAD);
                      }
                      String topic =
                          DeliveryTopics.forChannel(
                              StoredEnums.channel(rows.iterator().next().getString("channel")));
                      return tx.preparedQuery(
                              "INSERT INTO outbox (topic, message_key, payload) VALUES ($1, $2, $3) "
                                  + "ON CONFLICT (topic, message_key) DO UPDATE SET parked_at = NULL, "
                                  + "attempts = 0, available_at = now(), lease_owner = NULL, "
                                  + "lease_until = NULL, last_error = NULL")
                          .execute(
                              Tuple.of(
                                  topic,
                                  id.toString(),
                                  Buffer.buffer(id.toString().getBytes(StandardCharsets.US_ASCII))))
                          .map(RetryOutcome.QUEUED);
                    }));
  }

  /** One delivery, or null. */
  public Future<DeliveryRow> find(UUID id) {
    return pool.preparedQuery(BY_IDS)
        .execute(Tuple.tuple().addArrayOfUUID(new UUID[] {id}))
        .map(rows -> rows.size() == 0 ? null : DeliveryRow.from(rows.iterator().next()));
  }

  /** Deliveries that will not be sent without an operator (FAILED or DEAD_LETTER), newest first. */
  public Future<DeliveryPage> listDeadLetters(PageSlice page) {
    List<String> conditions = new ArrayList<>();
    conditions.add("d.status IN ('FAILED', 'DEAD_LETTER', 'UNDELIVERED')");
    return page(conditions, Tuple.tuple(), page);
  }

  private Future<DeliveryPage> page(List<String> conditions, Tuple params, PageSlice page) {
    if (page.after() != null) {
      params.addOffsetDateTime(page.after().createdAt().atOffset(ZoneOffset.UTC));
      params.addUUID(page.after().id());
      conditions.add(
          "(d.created_at, d.id) < ($" + (params.size() - 1) + ", $" + params.size() + ")");
    }
    params.addInteger(page.size() + 1);
    String sql =
        "SELECT "
            + DeliveryRow.COLUMNS
            + FROM_DELIVERIES_WITH_OUTBOX
            + "WHERE "
            + String.join(" AND ", conditions)
            + PAGE_ORDER
            + "$"
            + params.size();
    return pool.preparedQuery(sql).execute(params).map(rows -> toPage(rows, page));
  }

  private static DeliveryPage toPage(RowSet<Row> rows, PageSlice page) {
    List<DeliveryRow> found = new ArrayList<>();
    for (Row r : rows) {
      found.add(DeliveryRow.from(r));
    }
    if (found.size() <= page.size()) {
      return new DeliveryPage(found, "");
    }
    // One extra row was fetched only to learn whether another page exists.
    List<DeliveryRow> shown = found.subList(0, page.size());
    DeliveryRow last = shown.get(shown.size() - 1);
    return new DeliveryPage(
        List.copyOf(shown),
        new PageToken(last.createdAt(), last.id()).encode(page.filterFingerprint()));
  }
}
