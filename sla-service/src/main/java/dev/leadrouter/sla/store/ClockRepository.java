package dev.leadrouter.sla.store;

import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.sla.clock.ClockSchedule;
import dev.leadrouter.sla.clock.ClockState;
import dev.leadrouter.sla.clock.NewClock;
import dev.leadrouter.sla.clock.SlaClock;
import io.vertx.core.Future;
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
import java.util.Optional;
import java.util.function.Function;

/** The {@code clocks} table. Every statement is parameterized; the pool's search_path selects the schema. */
public final class ClockRepository {
  private static final String COLUMNS = "clock_id, assignment_id, lead_id, rep_id, queue_id, segment, manager_rep_id,"
      + " rep_time_zone, policy_id, state, started_at, warn_at, deadline, escalate_at, touched_at, touch_channel,"
      + " next_fire_at";

  private static final String INSERT = "INSERT INTO clocks (assignment_id, lead_id, rep_id, queue_id, segment,"
      + " manager_rep_id, rep_time_zone, policy_id, state, started_at, warn_at, deadline, escalate_at, next_fire_at)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
      + " ON CONFLICT (assignment_id) DO NOTHING";

  // Serializes StartClock calls of one lead, so two concurrent assignments cannot both stay running
  // because neither transaction saw the other's row.
  private static final String LOCK_LEAD = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

  // Only the lead's latest assignment keeps a counting clock, whichever order the StartClock calls
  // arrive in: an earlier assignment delivered late is cancelled as soon as it is inserted.
  private static final String CANCEL_SUPERSEDED = "UPDATE clocks SET state = $3, next_fire_at = NULL,"
      + " lease_owner = NULL, lease_until = NULL, updated_at = now()"
      + " WHERE lead_id = $1 AND state = ANY($2)"
      + " AND started_at < (SELECT max(started_at) FROM clocks WHERE lead_id = $1)";

  private static final String SELECT_BY_ASSIGNMENT = "SELECT " + COLUMNS + " FROM clocks WHERE assignment_id = $1";

  private static final String UPDATE_TOUCH = "UPDATE clocks SET state = $2, touched_at = $3, touch_channel = $4,"
      + " next_fire_at = $5, lease_owner = NULL, lease_until = NULL, updated_at = now()"
      + " WHERE clock_id = $1 RETURNING " + COLUMNS;

  private static final String[] COUNTING_STATES = Arrays.stream(ClockState.values())
      .filter(ClockState::isCounting).map(Enum::name).toArray(String[]::new);

  private final Pool pool;

  public ClockRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores the clock unless the assignment already has one, and returns the assignment's clock: the
   * new one, or the first one unchanged. A stored clock also cancels the counting clocks of the
   * lead's earlier assignments.
   */
  public Future<SlaClock> start(NewClock clock, String policyId, ClockSchedule schedule) {
    Tuple insert = Tuple.tuple()
        .addValue(clock.assignmentId()).addValue(clock.leadId()).addValue(clock.repId())
        .addValue(clock.queueId()).addValue(clock.segment()).addValue(clock.managerRepId())
        .addValue(clock.repTimeZone()).addValue(policyId).addValue(ClockState.RUNNING.name())
        .addValue(timestamp(schedule.startedAt())).addValue(timestamp(schedule.warnAt()))
        .addValue(timestamp(schedule.deadline())).addValue(timestamp(schedule.escalateAt()))
        .addValue(timestamp(schedule.firstFireAt()));
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_LEAD).execute(Tuple.of(clock.leadId()))
        .compose(locked -> conn.preparedQuery(INSERT).execute(insert))
        .compose(inserted -> inserted.rowCount() == 0
            ? Future.succeededFuture()
            : conn.preparedQuery(CANCEL_SUPERSEDED)
                .execute(Tuple.of(clock.leadId(), COUNTING_STATES, ClockState.CANCELLED.name())))
        .compose(cancelled -> select(conn, clock.assignmentId()))
        .map(found -> found.orElseThrow(() -> new IllegalStateException(
            "clock of assignment " + clock.assignmentId() + " vanished after insert"))));
  }

  public Future<Optional<SlaClock>> find(String assignmentId) {
    return select(pool, assignmentId);
  }

  /**
   * Applies {@code change} to the assignment's clock under a row lock, so concurrent touches are
   * decided one after the other and the first one wins. An empty change leaves the row as it is.
   *
   * @return the clock after the change; fails with {@link NotFoundException} when the assignment has none
   */
  public Future<SlaClock> touch(String assignmentId, Function<SlaClock, Optional<SlaClock>> change) {
    return pool.withTransaction(conn -> conn.preparedQuery(SELECT_BY_ASSIGNMENT + " FOR UPDATE")
        .execute(Tuple.of(assignmentId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new NotFoundException("no clock for assignment " + assignmentId));
          }
          SlaClock current = toClock(rows.iterator().next());
          Optional<SlaClock> changed = change.apply(current);
          if (changed.isEmpty()) {
            return Future.succeededFuture(current);
          }
          return update(conn, changed.get());
        }));
  }

  private static Future<SlaClock> update(SqlConnection conn, SlaClock clock) {
    return conn.preparedQuery(UPDATE_TOUCH)
        .execute(Tuple.tuple().addValue(clock.clockId()).addValue(clock.state().name())
            .addValue(timestamp(clock.touchedAt())).addValue(clock.touchChannel())
            .addValue(timestamp(clock.nextFireAt())))
        .map(rows -> toClock(rows.iterator().next()));
  }

  private static Future<Optional<SlaClock>> select(SqlClient client, String assignmentId) {
    return client.preparedQuery(SELECT_BY_ASSIGNMENT).execute(Tuple.of(assignmentId)).map(ClockRepository::first);
  }

  private static Optional<SlaClock> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toClock(rows.iterator().next()));
  }

  private static SlaClock toClock(Row row) {
    ClockSchedule schedule = new ClockSchedule(instant(row, "started_at"), instant(row, "warn_at"),
        instant(row, "deadline"), instant(row, "escalate_at"));
    return new SlaClock(row.getUUID("clock_id"), row.getString("assignment_id"), row.getString("lead_id"),
        row.getString("rep_id"), row.getString("queue_id"), row.getString("segment"),
        row.getString("manager_rep_id"), row.getString("rep_time_zone"), row.getString("policy_id"),
        ClockState.valueOf(row.getString("state")), schedule, instant(row, "touched_at"),
        row.getString("touch_channel"), instant(row, "next_fire_at"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
