package dev.leadrouter.sla.store;

import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.outbox.Outbox;
import dev.leadrouter.sla.clock.ClockSchedule;
import dev.leadrouter.sla.clock.ClockState;
import dev.leadrouter.sla.clock.NewClock;
import dev.leadrouter.sla.clock.SlaClock;
import dev.leadrouter.sla.ladder.DueStep;
import dev.leadrouter.sla.ladder.LadderStep;
import dev.leadrouter.sla.outbound.Handoffs;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code clocks} table. Every statement is parameterized; the pool's search_path selects the
 * schema.
 */
public final class ClockRepository {
  static final String COLUMNS =
      "clock_id, assignment_id, lead_id, rep_id, queue_id, segment, manager_rep_id,"
          + " rep_time_zone, policy_id, state, started_at, warn_at, deadline, escalate_at, reassign_at, touched_at,"
          + " touch_channel, next_fire_at, next_step";

  private static final String INSERT =
      "INSERT INTO clocks (assignment_id, lead_id, rep_id, queue_id, segment,"
          + " manager_rep_id, rep_time_zone, policy_id, state, started_at, warn_at, deadline, escalate_at, reassign_at,"
          + " next_fire_at, next_step, business_hours, lead)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
          + " ON CONFLICT (assignment_id) DO NOTHING";

  // Serializes StartClock calls of one lead, so two concurrent assignments cannot both stay running
  // because neither transaction saw the other's row.
  private static final String LOCK_LEAD = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

  // Only the lead's latest assignment keeps a ladder, whichever order the StartClock calls arrive
  // in:
  // an earlier assignment delivered late is stopped as soon as it is inserted. Clocks still before
  // their deadline are cancelled; breached ones keep their outcome (the miss stays on the earlier
  // owner's record) and just stop firing.
  private static final String STOP_SUPERSEDED =
      "UPDATE clocks"
          + " SET state = CASE WHEN state = ANY($2) THEN $3 ELSE state END, next_fire_at = NULL, next_step = NULL,"
          + " lease_owner = NULL, lease_until = NULL, updated_at = now()"
          + " WHERE lead_id = $1 AND (state = ANY($2) OR next_fire_at IS NOT NULL)"
          + " AND started_at < (SELECT max(started_at) FROM clocks WHERE lead_id = $1)";

  // Erasure ends every ladder of the lead: counting clocks are cancelled, breached ones keep their
  // outcome (the statistics stay) but fire nothing more.
  private static final String STOP_ERASED =
      "UPDATE clocks"
          + " SET state = CASE WHEN state = ANY($2) THEN $3 ELSE state END, next_fire_at = NULL, next_step = NULL,"
          + " lease_owner = NULL, lease_until = NULL, updated_at = now()"
          + " WHERE lead_id = $1 AND (state = ANY($2) OR next_fire_at IS NOT NULL)";

  // Ladder calls of the lead's clocks still waiting in the outbox (keys are "<clock_id>:<step>").
  // A call a relay is making right now may still go out: erasure cannot recall it.
  private static final String DROP_QUEUED_STEPS =
      "DELETE FROM outbox WHERE topic = ANY($2) AND (lease_until IS NULL OR lease_until < now())"
          + " AND split_part(message_key, ':', 1) IN (SELECT clock_id::text FROM clocks WHERE lead_id = $1)";

  // Escalations of the lead waiting for a manager's digest (ladder/CatchUp) are pending steps too.
  private static final String DROP_DIGEST_ITEMS =
      "DELETE FROM escalation_digest_items WHERE lead_id = $1 AND digest_id IS NULL";

  private static final String SELECT_BY_ASSIGNMENT =
      "SELECT " + COLUMNS + " FROM clocks WHERE assignment_id = $1";

  // The clock a CRM touch of a lead belongs to: its latest assignment.
  private static final String SELECT_LATEST_OF_LEAD =
      "SELECT assignment_id FROM clocks WHERE lead_id = $1"
          + " ORDER BY started_at DESC, created_at DESC LIMIT 1";

  private static final String UPDATE_TOUCH =
      "UPDATE clocks SET state = $2, touched_at = $3, touch_channel = $4,"
          + " next_fire_at = NULL, next_step = NULL, lease_owner = NULL, lease_until = NULL, updated_at = now()"
          + " WHERE clock_id = $1 RETURNING "
          + COLUMNS;

  private static final String[] COUNTING_STATES =
      Arrays.stream(ClockState.values())
          .filter(ClockState::isCounting)
          .map(Enum::name)
          .toArray(String[]::new);

  private final Pool pool;

  public ClockRepository(Pool pool) {
    this.pool = pool;
  }

  /** The assignment's clock after StartClock, and whether this call created it. */
  public record Started(SlaClock clock, boolean created) {}

  /**
   * The clock after RecordTouch, and whether this touch was its first (so routing must hear of it).
   */
  public record Touched(SlaClock clock, boolean recorded) {}

  /**
   * Stores the clock unless the assignment already has one, and returns the assignment's clock: the
   * new one, or the first one unchanged. A stored clock also stops the ladders of the lead's
   * earlier assignments.
   */
  public Future<Started> start(
      NewClock clock, String policyId, ClockSchedule schedule, boolean businessHours) {
    return startAll(List.of(new Start(clock, policyId, schedule, businessHours)))
        .map(all -> all.get(0));
  }

  /** One clock to start: the request, and the policy and schedule chosen for it. */
  public record Start(
      NewClock clock, String policyId, ClockSchedule schedule, boolean businessHours) {}

  /**
   * {@link #start} for several clocks in one transaction, one commit for all (BatchStartClock); the
   * results in the order given. Leads are locked in id order, so two batches sharing leads cannot
   * deadlock.
   */
  public Future<List<Started>> startAll(List<Start> starts) {
    List<Integer> lockOrder =
        java.util.stream.IntStream.range(0, starts.size())
            .boxed()
            .sorted(java.util.Comparator.comparing(i -> starts.get(i).clock().leadId()))
            .toList();
    return pool.withTransaction(
        conn -> {
          Started[] started = new Started[starts.size()];
          Future<Void> chain = Future.succeededFuture();
          for (int i : lockOrder) {
            chain =
                chain
                    .compose(v -> start(conn, starts.get(i)))
                    .map(
                        s -> {
                          started[i] = s;
                          return null;
                        });
          }
          return chain.map(v -> List.of(started));
        });
  }

  private Future<Started> start(SqlConnection conn, Start start) {
    NewClock clock = start.clock();
    ClockSchedule schedule = start.schedule();
    DueStep first = schedule.firstStep();
    Tuple insert =
        Tuple.tuple()
            .addValue(clock.assignmentId())
            .addValue(clock.leadId())
            .addValue(clock.repId())
            .addValue(clock.queueId())
            .addValue(clock.segment())
            .addValue(clock.managerRepId())
            .addValue(clock.repTimeZone())
            .addValue(start.policyId())
            .addValue(ClockState.RUNNING.name())
            .addValue(timestamp(schedule.startedAt()))
            .addValue(timestamp(schedule.warnAt()))
            .addValue(timestamp(schedule.deadline()))
            .addValue(timestamp(schedule.escalateAt()))
            .addValue(timestamp(schedule.reassignAt()))
            .addValue(timestamp(first.at()))
            .addValue(first.step().name())
            .addValue(start.businessHours())
            .addValue(clock.lead() == null ? null : Buffer.buffer(clock.lead().toByteArray()));
    return conn.preparedQuery(LOCK_LEAD)
        .execute(Tuple.of(clock.leadId()))
        .compose(locked -> conn.preparedQuery(INSERT).execute(insert))
        .compose(
            inserted -> {
              boolean created = inserted.rowCount() == 1;
              Future<?> stopped =
                  created
                      ? conn.preparedQuery(STOP_SUPERSEDED)
                          .execute(
                              Tuple.of(
                                  clock.leadId(), COUNTING_STATES, ClockState.CANCELLED.name()))
                      : Future.succeededFuture();
              return stopped
                  .compose(v -> select(conn, clock.assignmentId()))
                  .map(
                      found ->
                          new Started(
                              found.orElseThrow(
                                  () ->
                                      new IllegalStateException(
                                          "clock of assignment "
                                              + clock.assignmentId()
                                              + " vanished after insert")),
                              created));
            });
  }

  /**
   * GDPR erasure: stops the lead's clocks (nobody is to be chased about a person who is gone),
   * drops the warnings, escalations and reassignments they queued but not yet sent, then strips
   * personal data from the lead snapshots kept with the clocks. Idempotent: capture retries it.
   */
  public Future<dev.leadrouter.v1.ForgetLeadResponse> forgetLead(String leadId) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(LOCK_LEAD)
                    .execute(Tuple.of(leadId))
                    .compose(
                        locked ->
                            conn.preparedQuery(STOP_ERASED)
                                .execute(
                                    Tuple.of(leadId, COUNTING_STATES, ClockState.CANCELLED.name())))
                    .compose(
                        stopped ->
                            conn.preparedQuery(DROP_QUEUED_STEPS)
                                .execute(
                                    Tuple.tuple()
                                        .addValue(leadId)
                                        .addValue(
                                            new String[] {
                                              Handoffs.NOTIFY_REPS_TOPIC, Handoffs.REASSIGN_TOPIC
                                            })))
                    .compose(
                        dropped -> conn.preparedQuery(DROP_DIGEST_ITEMS).execute(Tuple.of(leadId))))
        .compose(
            v ->
                dev.leadrouter.runtime.privacy.LeadSnapshots.forget(
                    pool, "clocks", "clock_id", leadId));
  }

  public Future<Optional<SlaClock>> find(String assignmentId) {
    return select(pool, assignmentId);
  }

  /** The assignment id of the lead's latest clock, for touches that only name the lead. */
  public Future<Optional<String>> latestAssignmentOfLead(String leadId) {
    return pool.preparedQuery(SELECT_LATEST_OF_LEAD)
        .execute(Tuple.of(leadId))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getString(0)));
  }

  /**
   * Applies {@code change} to the assignment's clock under a row lock, so concurrent touches (and a
   * ladder step firing at the same moment) are decided one after the other and the first one wins.
   * An empty change leaves the row as it is. A recorded touch writes the RecordFirstTouch call to
   * routing into the outbox in the same transaction.
   *
   * @return the clock after the change; fails with {@link NotFoundException} when the assignment
   *     has none
   */
  public Future<Touched> touch(String assignmentId, Function<SlaClock, Optional<SlaClock>> change) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(SELECT_BY_ASSIGNMENT + " FOR UPDATE")
                .execute(Tuple.of(assignmentId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            new NotFoundException("no clock for assignment " + assignmentId));
                      }
                      SlaClock current = toClock(rows.iterator().next());
                      Optional<SlaClock> changed = change.apply(current);
                      if (changed.isEmpty()) {
                        return Future.succeededFuture(new Touched(current, false));
                      }
                      return update(conn, changed.get())
                          .compose(
                              updated ->
                                  Outbox.enqueue(
                                          conn,
                                          Handoffs.FIRST_TOUCH_TOPIC,
                                          updated.assignmentId(),
                                          Handoffs.firstTouch(updated).toByteArray())
                                      .map(v -> new Touched(updated, true)));
                    }));
  }

  private static Future<SlaClock> update(SqlConnection conn, SlaClock clock) {
    return conn.preparedQuery(UPDATE_TOUCH)
        .execute(
            Tuple.tuple()
                .addValue(clock.clockId())
                .addValue(clock.state().name())
                .addValue(timestamp(clock.touchedAt()))
                .addValue(clock.touchChannel()))
        .map(rows -> toClock(rows.iterator().next()));
  }

  private static Future<Optional<SlaClock>> select(SqlClient client, String assignmentId) {
    return client
        .preparedQuery(SELECT_BY_ASSIGNMENT)
        .execute(Tuple.of(assignmentId))
        .map(ClockRepository::first);
  }

  private static Optional<SlaClock> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toClock(rows.iterator().next()));
  }

  static SlaClock toClock(Row row) {
    ClockSchedule schedule =
        new ClockSchedule(
            instant(row, "started_at"),
            instant(row, "warn_at"),
            instant(row, "deadline"),
            instant(row, "escalate_at"),
            instant(row, "reassign_at"));
    String step = row.getString("next_step");
    Instant nextAt = instant(row, "next_fire_at");
    DueStep next =
        step == null || nextAt == null ? null : new DueStep(LadderStep.valueOf(step), nextAt);
    return new SlaClock(
        row.getUUID("clock_id"),
        row.getString("assignment_id"),
        row.getString("lead_id"),
        row.getString("rep_id"),
        row.getString("queue_id"),
        row.getString("segment"),
        row.getString("manager_rep_id"),
        row.getString("rep_time_zone"),
        row.getString("policy_id"),
        ClockState.valueOf(row.getString("state")),
        schedule,
        instant(row, "touched_at"),
        row.getString("touch_channel"),
        next);
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
