package dev.leadrouter.sla.report;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Speed-to-lead statistics, aggregated by PostgreSQL so only one row per group crosses the wire.
 */
public final class SpeedToLeadReports {
  // One statement for every grouping: the group column is picked by CASE on a parameter, so the SQL
  // text never varies with input. percentile_cont ignores NULLs, so untouched clocks do not count
  // towards the median and p90. Breach is judged from the timestamps, not the state column, so a
  // report is right even before the escalation ladder has visited a clock.
  private static final String REPORT =
      """
      SELECT key,
             count(*) AS assigned,
             count(touched_at) AS touched,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY touch_seconds) AS median_seconds,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY touch_seconds) AS p90_seconds,
             count(*) FILTER (WHERE touched_at > deadline OR (touched_at IS NULL AND deadline < $3)) AS breached,
             count(*) FILTER (WHERE touched_at - started_at <= interval '5 minutes') AS within_5m
        FROM (SELECT coalesce(CASE $4::text WHEN 'QUEUE' THEN queue_id WHEN 'SEGMENT' THEN segment ELSE rep_id END, '') AS key,
                     started_at, deadline, touched_at,
                     extract(epoch FROM touched_at - started_at)::float8 AS touch_seconds
                FROM clocks
               WHERE started_at >= $1 AND started_at < $2 AND state <> 'CANCELLED') AS c
       WHERE $5::text IS NULL OR key > $5::text
       GROUP BY key
       ORDER BY key
       LIMIT $6
      """;

  private final Pool pool;

  public SpeedToLeadReports(Pool pool) {
    this.pool = pool;
  }

  /** Runs the query; {@code now} decides which untouched clocks are already past their deadline. */
  public Future<SpeedToLeadPage> run(SpeedToLeadQuery query, Instant now) {
    Tuple params =
        Tuple.tuple()
            .addValue(query.from().atOffset(ZoneOffset.UTC))
            .addValue(query.to().atOffset(ZoneOffset.UTC))
            .addValue(now.atOffset(ZoneOffset.UTC))
            .addValue(query.grouping().name())
            .addValue(query.afterKey())
            // One row more than asked for tells whether another page exists.
            .addValue(query.pageSize() + 1);
    return pool.preparedQuery(REPORT)
        .execute(params)
        .map(
            rows -> {
              List<SpeedToLeadRow> result = new ArrayList<>();
              for (Row row : rows) {
                result.add(toRow(row));
              }
              boolean hasMore = result.size() > query.pageSize();
              return new SpeedToLeadPage(
                  hasMore ? result.subList(0, query.pageSize()) : result, hasMore);
            });
  }

  private static SpeedToLeadRow toRow(Row row) {
    return new SpeedToLeadRow(
        row.getString("key"),
        row.getLong("assigned"),
        row.getLong("touched"),
        seconds(row.getDouble("median_seconds")),
        seconds(row.getDouble("p90_seconds")),
        row.getLong("breached"),
        row.getLong("within_5m"));
  }

  private static Duration seconds(Double seconds) {
    // PostgreSQL keeps microseconds; rounding there undoes the float's representation error.
    return seconds == null
        ? null
        : Duration.of(Math.round(seconds * 1_000_000d), ChronoUnit.MICROS);
  }
}
