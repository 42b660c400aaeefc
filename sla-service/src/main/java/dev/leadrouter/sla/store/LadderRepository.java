package dev.leadrouter.sla.store;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.sla.clock.Ladder;
import dev.leadrouter.sla.clock.SlaClock;
import dev.leadrouter.sla.ladder.CatchUp;
import dev.leadrouter.sla.ladder.DueStep;
import dev.leadrouter.sla.ladder.LadderStep;
import dev.leadrouter.sla.outbound.Handoffs;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Leases on due clocks and the firing of ladder steps. All times are the database's ({@code
 * clock_timestamp()}), so replicas with skewed clocks agree on what is due and when a lease ran
 * out.
 */
public final class LadderRepository {
  // Claims unleased (or expired) clocks due within the horizon, earliest first. SKIP LOCKED:
  // replicas
  // claiming at once take different rows instead of waiting on each other.
  private static final String CLAIM =
      "UPDATE clocks c"
          + " SET lease_owner = $1, lease_until = clock_timestamp() + $2 * interval '1 millisecond'"
          + " WHERE c.clock_id IN (SELECT clock_id FROM clocks"
          + "   WHERE next_fire_at <= clock_timestamp() + $3 * interval '1 millisecond'"
          + "     AND (lease_until IS NULL OR lease_until < clock_timestamp())"
          + "   ORDER BY next_fire_at LIMIT $4 FOR UPDATE SKIP LOCKED)"
          + " RETURNING c.clock_id, c.next_step, c.next_fire_at, clock_timestamp() AS db_now";

  // Rows are locked in id order, like the firing transaction, so the two never deadlock; a row
  // being fired is waited for rather than skipped, which would drop its lease from the heartbeat.
  private static final String HEARTBEAT =
      "UPDATE clocks SET lease_until = clock_timestamp() + $3 * interval '1 millisecond'"
          + " WHERE clock_id IN (SELECT clock_id FROM clocks WHERE clock_id = ANY($1) AND lease_owner = $2"
          + "   ORDER BY clock_id FOR UPDATE)"
          + " AND lease_owner = $2 RETURNING clock_id";

  private static final String RELEASE_ALL =
      "UPDATE clocks SET lease_owner = NULL, lease_until = NULL" + " WHERE lease_owner = $1";

  // The firing transaction re-reads the clocks under row locks (in id order, so two batches never
  // deadlock): a touch committed first has cleared next_step and the lease, a replica that took
  // over
  // an expired lease owns the row now; either way this instance fires nothing for that clock.
  private static final String LOCK_DUE =
      "SELECT "
          + ClockRepository.COLUMNS
          + ", lead, clock_timestamp() AS db_now"
          + " FROM clocks WHERE clock_id = ANY($1) AND lease_owner = $2 ORDER BY clock_id FOR UPDATE";

  private static final String RECORD_STEPS =
      "INSERT INTO clock_steps (clock_id, step, due_at, fired_by, outcome)"
          + " SELECT u.clock_id, u.step, u.due_at, $5, u.outcome"
          + " FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[]) AS u(clock_id, step, due_at, outcome)"
          + " ON CONFLICT (clock_id, step) DO NOTHING"
          + " RETURNING clock_id, extract(epoch FROM fired_at - due_at) * 1000 AS lag_ms";

  // The runtime's Outbox.enqueue, for many rows in one statement.
  private static final String ENQUEUE =
      "INSERT INTO outbox (topic, message_key, payload)"
          + " SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[]) ON CONFLICT (topic, message_key) DO NOTHING";

  private static final String ADVANCE =
      "UPDATE clocks c SET state = u.state, next_step = u.next_step,"
          + " next_fire_at = u.next_fire_at,"
          + " lease_owner = CASE WHEN u.keep THEN c.lease_owner END,"
          + " lease_until = CASE WHEN u.keep THEN clock_timestamp() + $6 * interval '1 millisecond' END,"
          + " updated_at = now()"
          + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::boolean[])"
          + "   AS u(clock_id, state, next_step, next_fire_at, keep)"
          + " WHERE c.clock_id = u.clock_id";

  // Escalations missed during an outage wait for their manager's digest instead of going out
  // one by one (ladder/CatchUp).
  private static final String QUEUE_FOR_DIGEST =
      "INSERT INTO escalation_digest_items (clock_id, manager_rep_id, rep_id, lead_id, assignment_id, deadline)"
          + " SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])"
          + " ON CONFLICT (clock_id) DO NOTHING";

  private final Pool pool;
  private final CatchUp catchUp;

  public LadderRepository(Pool pool, CatchUp catchUp) {
    this.pool = pool;
    this.catchUp = catchUp;
  }

  /**
   * A clock this instance now leases, with its due step; {@code dbNow} is the database time of the
   * claim.
   */
  public record Claimed(UUID clockId, DueStep due, Instant dbNow) {}

  /** What happened to one firing attempt. */
  public sealed interface Firing {}

  /**
   * The step fired. {@code next} is held on (lease kept) when {@code keptLease}, else released to
   * any replica.
   */
  public record Fired(
      SlaClock clock,
      LadderStep step,
      Ladder.Action action,
      double lagMillis,
      Optional<DueStep> next,
      boolean keptLease,
      Instant dbNow)
      implements Firing {}

  /**
   * Nothing to do here any more: touched, cancelled, already advanced, or the lease went to another
   * replica.
   */
  public record Gone() implements Firing {}

  /** The timer ran ahead of the database's clock; try again at {@code due}. */
  public record Early(DueStep due, Instant dbNow) implements Firing {}

  public Future<List<Claimed>> claim(String owner, Duration lease, Duration horizon, int limit) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(owner, lease.toMillis(), horizon.toMillis(), limit))
        .map(
            rows -> {
              List<Claimed> claimed = new ArrayList<>();
              for (Row r : rows) {
                claimed.add(
                    new Claimed(
                        r.getUUID("clock_id"),
                        new DueStep(
                            LadderStep.valueOf(r.getString("next_step")),
                            ClockRepository.instant(r, "next_fire_at")),
                        ClockRepository.instant(r, "db_now")));
              }
              return claimed;
            });
  }

  /** Extends the leases of {@code clockIds} still held by {@code owner}; returns those. */
  public Future<List<UUID>> heartbeat(String owner, List<UUID> clockIds, Duration lease) {
    if (clockIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery(HEARTBEAT)
        .execute(Tuple.of(clockIds.toArray(UUID[]::new), owner, lease.toMillis()))
        .map(
            rows -> {
              List<UUID> kept = new ArrayList<>();
              rows.forEach(r -> kept.add(r.getUUID(0)));
              return kept;
            });
  }

  /**
   * Gives every lease of {@code owner} back, so another replica takes over at once (graceful
   * shutdown).
   */
  public Future<Integer> releaseAll(String owner) {
    return pool.preparedQuery(RELEASE_ALL).execute(Tuple.of(owner)).map(rows -> rows.rowCount());
  }

  /** A step a timer says is due now. */
  public record DueNow(UUID clockId, LadderStep step) {}

  /**
   * Fires the due steps of many clocks in one transaction: for each clock still leased by {@code
   * owner} with that step due, records the step, writes its outward call to the outbox and moves
   * the clock to its next step. One transaction per burst rather than per clock keeps a burst of
   * deadlines from queueing behind one commit (and one WAL flush) each. A clock keeps its lease
   * when its next step is due within {@code horizon}.
   *
   * @return one result per requested clock
   */
  public Future<Map<UUID, Firing>> fireAll(
      List<DueNow> due, String owner, Duration lease, Duration horizon) {
    Map<UUID, LadderStep> wanted = new HashMap<>();
    due.forEach(d -> wanted.put(d.clockId(), d.step()));
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(LOCK_DUE)
                .execute(Tuple.of(wanted.keySet().toArray(UUID[]::new), owner))
                .compose(
                    rows -> {
                      Map<UUID, Firing> results = new HashMap<>();
                      wanted.keySet().forEach(id -> results.put(id, new Gone()));
                      Batch batch = new Batch();
                      for (Row row : rows) {
                        SlaClock clock = ClockRepository.toClock(row);
                        LadderStep step = wanted.get(clock.clockId());
                        Instant dbNow = ClockRepository.instant(row, "db_now");
                        if (clock.next() == null || clock.next().step() != step) {
                          continue;
                        }
                        if (clock.next().at().isAfter(dbNow)) {
                          results.put(clock.clockId(), new Early(clock.next(), dbNow));
                          continue;
                        }
                        batch.add(clock, lead(row), step, dbNow, horizon, catchUp);
                      }
                      if (batch.isEmpty()) {
                        return Future.succeededFuture(results);
                      }
                      return conn.preparedQuery(RECORD_STEPS)
                          .execute(batch.steps(owner))
                          .compose(
                              recorded -> {
                                Map<UUID, Double> lags = new HashMap<>();
                                recorded.forEach(
                                    r -> lags.put(r.getUUID("clock_id"), r.getDouble("lag_ms")));
                                // A step already on record (cannot happen while next_step advances
                                // in this same
                                // transaction) had its call written the first time: only the clock
                                // moves on.
                                return conn.preparedQuery(ENQUEUE)
                                    .execute(batch.outbox(lags.keySet()))
                                    .compose(
                                        v ->
                                            batch.hasDigestItems()
                                                ? conn.preparedQuery(QUEUE_FOR_DIGEST)
                                                    .execute(batch.digestItems(lags.keySet()))
                                                    .mapEmpty()
                                                : Future.succeededFuture())
                                    .compose(
                                        v ->
                                            conn.preparedQuery(ADVANCE)
                                                .execute(batch.advance(lease)))
                                    .map(
                                        v -> {
                                          batch.fired.forEach(
                                              f ->
                                                  results.put(
                                                      f.clock().clockId(),
                                                      lags.containsKey(f.clock().clockId())
                                                          ? withLag(
                                                              f, lags.get(f.clock().clockId()))
                                                          : new Gone()));
                                          return results;
                                        });
                              });
                    }));
  }

  private static Fired withLag(Fired f, double lag) {
    return new Fired(f.clock(), f.step(), f.action(), lag, f.next(), f.keptLease(), f.dbNow());
  }

  /** The rows one firing transaction writes. */
  private static final class Batch {
    final List<Fired> fired = new ArrayList<>();
    final List<SlaClock> before = new ArrayList<>();
    final List<Lead> leads = new ArrayList<>();

    void add(
        SlaClock clock,
        Lead lead,
        LadderStep step,
        Instant dbNow,
        Duration horizon,
        CatchUp catchUp) {
      Ladder.Outcome outcome = Ladder.fire(clock, step, dbNow, catchUp);
      boolean keep =
          outcome.next().isPresent() && !outcome.next().get().at().isAfter(dbNow.plus(horizon));
      fired.add(
          new Fired(
              clock.advanced(outcome.state(), outcome.next().orElse(null)),
              step,
              outcome.action(),
              0,
              outcome.next(),
              keep,
              dbNow));
      before.add(clock);
      leads.add(lead);
    }

    boolean isEmpty() {
      return fired.isEmpty();
    }

    Tuple steps(String owner) {
      int n = fired.size();
      UUID[] ids = new UUID[n];
      String[] steps = new String[n];
      java.time.OffsetDateTime[] dueAt = new java.time.OffsetDateTime[n];
      String[] outcomes = new String[n];
      for (int i = 0; i < n; i++) {
        ids[i] = before.get(i).clockId();
        steps[i] = fired.get(i).step().name();
        dueAt[i] = ClockRepository.timestamp(before.get(i).next().at());
        outcomes[i] = fired.get(i).action().name();
      }
      return Tuple.of(ids, steps, dueAt, outcomes, owner);
    }

    Tuple outbox(java.util.Set<UUID> recorded) {
      List<String> topics = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      List<Buffer> payloads = new ArrayList<>();
      for (int i = 0; i < fired.size(); i++) {
        SlaClock clock = before.get(i);
        if (!recorded.contains(clock.clockId())) {
          continue;
        }
        LadderStep step = fired.get(i).step();
        String key = Handoffs.stepKey(clock, step);
        switch (fired.get(i).action()) {
          case NOTIFY_OWNER ->
              add(
                  topics,
                  keys,
                  payloads,
                  Handoffs.NOTIFY_REPS_TOPIC,
                  key,
                  Handoffs.warning(clock, leads.get(i)).toByteArray());
          case NOTIFY_MANAGER ->
              add(
                  topics,
                  keys,
                  payloads,
                  Handoffs.NOTIFY_REPS_TOPIC,
                  key,
                  Handoffs.escalation(clock, leads.get(i)).toByteArray());
          case REASSIGN ->
              add(
                  topics,
                  keys,
                  payloads,
                  Handoffs.REASSIGN_TOPIC,
                  key,
                  Handoffs.reassignment(clock).toByteArray());
          case MARK_BREACHED, NO_MANAGER, SKIPPED_LATE, DIGEST_MANAGER -> {}
        }
      }
      return Tuple.of(
          topics.toArray(String[]::new),
          keys.toArray(String[]::new),
          payloads.toArray(Buffer[]::new));
    }

    /** Only after an outage: live firing skips the statement (and its round trip). */
    boolean hasDigestItems() {
      return fired.stream().anyMatch(f -> f.action() == Ladder.Action.DIGEST_MANAGER);
    }

    Tuple digestItems(java.util.Set<UUID> recorded) {
      List<UUID> ids = new ArrayList<>();
      List<String> managers = new ArrayList<>();
      List<String> reps = new ArrayList<>();
      List<String> leads = new ArrayList<>();
      List<String> assignments = new ArrayList<>();
      List<java.time.OffsetDateTime> deadlines = new ArrayList<>();
      for (int i = 0; i < fired.size(); i++) {
        SlaClock clock = before.get(i);
        if (fired.get(i).action() == Ladder.Action.DIGEST_MANAGER
            && recorded.contains(clock.clockId())) {
          ids.add(clock.clockId());
          managers.add(clock.managerRepId());
          reps.add(clock.repId());
          leads.add(clock.leadId());
          assignments.add(clock.assignmentId());
          deadlines.add(ClockRepository.timestamp(clock.schedule().deadline()));
        }
      }
      return Tuple.tuple()
          .addValue(ids.toArray(UUID[]::new))
          .addValue(managers.toArray(String[]::new))
          .addValue(reps.toArray(String[]::new))
          .addValue(leads.toArray(String[]::new))
          .addValue(assignments.toArray(String[]::new))
          .addValue(deadlines.toArray(java.time.OffsetDateTime[]::new));
    }

    private static void add(
        List<String> topics,
        List<String> keys,
        List<Buffer> payloads,
        String topic,
        String key,
        byte[] payload) {
      topics.add(topic);
      keys.add(key);
      payloads.add(Buffer.buffer(payload));
    }

    Tuple advance(Duration lease) {
      int n = fired.size();
      UUID[] ids = new UUID[n];
      String[] states = new String[n];
      String[] nextSteps = new String[n];
      java.time.OffsetDateTime[] nextAt = new java.time.OffsetDateTime[n];
      Boolean[] keep = new Boolean[n];
      for (int i = 0; i < n; i++) {
        Fired f = fired.get(i);
        DueStep next = f.next().orElse(null);
        ids[i] = f.clock().clockId();
        states[i] = f.clock().state().name();
        nextSteps[i] = next == null ? null : next.step().name();
        nextAt[i] = next == null ? null : ClockRepository.timestamp(next.at());
        keep[i] = f.keptLease();
      }
      return Tuple.of(ids, states, nextSteps, nextAt, keep, lease.toMillis());
    }
  }

  private static Lead lead(Row row) {
    Buffer bytes = row.getBuffer("lead");
    if (bytes == null) {
      return null;
    }
    try {
      return Lead.parseFrom(bytes.getBytes());
    } catch (InvalidProtocolBufferException e) {
      // Written by this service from a parsed message; a notification without the lead still helps.
      return null;
    }
  }
}
