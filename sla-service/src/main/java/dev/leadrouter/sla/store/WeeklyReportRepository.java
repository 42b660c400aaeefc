package dev.leadrouter.sla.store;

import dev.leadrouter.runtime.outbox.Outbox;
import dev.leadrouter.sla.outbound.Handoffs;
import dev.leadrouter.sla.weekly.RepWeek;
import dev.leadrouter.sla.weekly.WeeklySchedule;
import dev.leadrouter.v1.NotifyRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code weekly_reports} table: one row per period, claimed with a lease so exactly one replica
 * writes the period's report requests to the outbox, in the same transaction that marks it sent.
 */
public final class WeeklyReportRepository {
  private static final String ENSURE =
      "INSERT INTO weekly_reports (period_end, period_start) VALUES ($1, $2)"
          + " ON CONFLICT (period_end) DO NOTHING";
  private static final String CLAIM =
      "UPDATE weekly_reports"
          + " SET lease_owner = $2, lease_until = clock_timestamp() + $3 * interval '1 millisecond'"
          + " WHERE period_end = $1 AND sent_at IS NULL AND (lease_until IS NULL OR lease_until < clock_timestamp())"
          + " RETURNING period_end";
  private static final String BY_REP =
      """
      SELECT manager_rep_id, rep_id,
             count(*) AS assigned,
             count(*) FILTER (WHERE touched_at > deadline OR touched_at IS NULL) AS breached,
             count(*) FILTER (WHERE touched_at IS NULL) AS untouched,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM touched_at - started_at)) AS median_seconds
        FROM clocks
       WHERE deadline >= $1 AND deadline < $2 AND manager_rep_id IS NOT NULL AND state <> 'CANCELLED'
       GROUP BY manager_rep_id, rep_id
       ORDER BY manager_rep_id, rep_id
      """;
  private static final String MARK_SENT =
      "UPDATE weekly_reports SET sent_at = now(), managers = $3,"
          + " lease_owner = NULL, lease_until = NULL WHERE period_end = $1 AND lease_owner = $2";

  private final Pool pool;

  public WeeklyReportRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Sends the period's reports unless another replica has or is doing so: claims the period, groups
   * its clocks by manager, and in one transaction writes one Notify per manager (composed by {@code
   * compose}) to the outbox and marks the period sent.
   *
   * @return how many managers got a report; 0 when the period was not ours to send
   */
  public Future<Integer> sendOnce(
      WeeklySchedule.Period period,
      String owner,
      Duration lease,
      Function<List<RepWeek>, NotifyRequest.Builder> composeForManager) {
    Tuple key =
        Tuple.of(
            ClockRepository.timestamp(period.end()), ClockRepository.timestamp(period.start()));
    return pool.preparedQuery(ENSURE)
        .execute(key)
        .compose(
            v ->
                pool.preparedQuery(CLAIM)
                    .execute(
                        Tuple.of(ClockRepository.timestamp(period.end()), owner, lease.toMillis())))
        .compose(
            claimed ->
                claimed.size() == 0
                    ? Future.succeededFuture(0)
                    : send(period, owner, composeForManager));
  }

  private Future<Integer> send(
      WeeklySchedule.Period period,
      String owner,
      Function<List<RepWeek>, NotifyRequest.Builder> composeForManager) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(BY_REP)
                .execute(
                    Tuple.of(
                        ClockRepository.timestamp(period.start()),
                        ClockRepository.timestamp(period.end())))
                .compose(
                    rows -> {
                      Map<String, List<RepWeek>> byManager = new java.util.TreeMap<>();
                      for (Row r : rows) {
                        RepWeek week = toRepWeek(r);
                        byManager
                            .computeIfAbsent(week.managerRepId(), m -> new ArrayList<>())
                            .add(week);
                      }
                      Future<Void> chain = Future.succeededFuture();
                      for (Map.Entry<String, List<RepWeek>> e : byManager.entrySet()) {
                        NotifyRequest request = composeForManager.apply(e.getValue()).build();
                        String outboxKey = request.getAssignmentId() + ":" + e.getKey();
                        chain =
                            chain.compose(
                                v ->
                                    Outbox.enqueue(
                                        conn,
                                        Handoffs.NOTIFY_REPS_TOPIC,
                                        outboxKey,
                                        request.toByteArray()));
                      }
                      return chain
                          .compose(
                              v ->
                                  conn.preparedQuery(MARK_SENT)
                                      .execute(
                                          Tuple.of(
                                              ClockRepository.timestamp(period.end()),
                                              owner,
                                              byManager.size())))
                          // A lost lease (another replica took the period) rolls everything back:
                          // it sends.
                          .compose(
                              marked ->
                                  marked.rowCount() == 1
                                      ? Future.succeededFuture(byManager.size())
                                      : Future.<Integer>failedFuture(
                                          new IllegalStateException("weekly report lease lost")));
                    }));
  }

  private static RepWeek toRepWeek(Row r) {
    Double median = r.getDouble("median_seconds");
    return new RepWeek(
        r.getString("manager_rep_id"),
        r.getString("rep_id"),
        r.getLong("assigned"),
        r.getLong("breached"),
        r.getLong("untouched"),
        median == null ? null : Duration.of(Math.round(median * 1_000_000d), ChronoUnit.MICROS));
  }
}
