package dev.leadrouter.bench.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * PostgreSQL's own account of where its time went (pg_stat_statements), so the report can name the
 * statements that cost the most per lead.
 */
final class Statements {
  private Statements() {}

  /** Where the database's commit and WAL counters stood when the statistics were reset. */
  record Baseline(long commits, long walBytes) {}

  static Baseline reset(String jdbc) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
      c.createStatement().execute("SELECT pg_stat_statements_reset()");
      return counters(c);
    }
  }

  /**
   * Committed transactions (all databases: the services' pools, relays' heartbeats and pollers) and
   * WAL written: the per-commit costs that statement time does not show.
   */
  private static Baseline counters(Connection c) throws Exception {
    // pg_stat_database is refreshed by backends at most every 500 ms; a fresh snapshot per call
    c.createStatement().execute("SELECT pg_stat_clear_snapshot()");
    try (ResultSet rs =
        c.createStatement()
            .executeQuery(
                "SELECT (SELECT sum(xact_commit) FROM pg_stat_database)::bigint, "
                    + "pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
      rs.next();
      return new Baseline(rs.getLong(1), rs.getLong(2));
    }
  }

  /** The {@code limit} statements with the most total execution time since the last reset. */
  static String top(String jdbc, int limit, long leads, Baseline since) throws Exception {
    StringBuilder r = new StringBuilder();
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
        PreparedStatement q =
            c.prepareStatement(
                "SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') "
                    + "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT ?")) {
      q.setInt(1, limit);
      double all;
      long calls;
      try (ResultSet rs =
          c.createStatement()
              .executeQuery(
                  "SELECT coalesce(sum(total_exec_time), 0), coalesce(sum(calls), 0) FROM pg_stat_statements")) {
        rs.next();
        all = rs.getDouble(1);
        calls = rs.getLong(2);
      }
      Baseline now = counters(c);
      r.append(
          String.format(
              "PostgreSQL work per lead: %.1f statements (BEGIN and COMMIT included), %.1f commits, %.1f KiB of WAL%n",
              leads == 0 ? 0 : calls / (double) leads,
              leads == 0 ? 0 : (now.commits() - since.commits()) / (double) leads,
              leads == 0 ? 0 : (now.walBytes() - since.walBytes()) / 1024.0 / leads));
      r.append(
          String.format(
              "PostgreSQL statement time (pg_stat_statements): %.2f ms per lead in all; the top %d:%n",
              leads == 0 ? 0 : all / leads, limit));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String sql = rs.getString(3);
          r.append(
              String.format(
                  "  %6.3f ms/lead %7.2f calls/lead  %s%n",
                  leads == 0 ? 0 : rs.getDouble(2) / leads,
                  leads == 0 ? 0 : rs.getDouble(1) / (double) leads,
                  sql.length() > 110 ? sql.substring(0, 110) + "..." : sql));
        }
      }
    }
    return r.toString();
  }
}
