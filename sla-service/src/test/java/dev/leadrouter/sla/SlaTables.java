package dev.leadrouter.sla;

import dev.leadrouter.runtime.config.Settings;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads sla-service's tables over JDBC from test threads, to check what the service did. */
final class SlaTables {
  private final String jdbc;
  private final String user;
  private final String password;

  SlaTables(Settings settings) {
    PgConnectOptions o = PgConnectOptions.fromUri(settings.required("LEADROUTER_DB_URL"));
    this.jdbc =
        "jdbc:postgresql://"
            + o.getHost()
            + ":"
            + o.getPort()
            + "/"
            + o.getDatabase()
            + "?currentSchema=sla";
    this.user = o.getUser();
    this.password = o.getPassword();
  }

  record Step(String assignmentId, String step, double lagMillis, String firedBy, String outcome) {}

  /** Fired steps of clocks whose assignment id starts with {@code prefix}. */
  List<Step> steps(String prefix) {
    return query(
        "SELECT c.assignment_id, s.step, extract(epoch FROM s.fired_at - s.due_at) * 1000, s.fired_by, s.outcome"
            + " FROM clock_steps s JOIN clocks c USING (clock_id) WHERE c.assignment_id LIKE ? ORDER BY s.fired_at",
        prefix + "%",
        rs ->
            new Step(
                rs.getString(1),
                rs.getString(2),
                rs.getDouble(3),
                rs.getString(4),
                rs.getString(5)));
  }

  /** Clocks with the prefix that still have a ladder step to fire. */
  long pending(String prefix) {
    return query(
            "SELECT count(*) FROM clocks WHERE assignment_id LIKE ? AND next_fire_at IS NOT NULL",
            prefix + "%",
            rs -> rs.getLong(1))
        .get(0);
  }

  /** Lease owners of the prefix's clocks (null for unleased). */
  List<String> leaseOwners(String prefix) {
    return query(
        "SELECT lease_owner FROM clocks WHERE assignment_id LIKE ?",
        prefix + "%",
        rs -> rs.getString(1));
  }

  long count(String sql) {
    return query(sql, null, rs -> rs.getLong(1)).get(0);
  }

  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  <T> List<T> query(String sql, String param, RowMapper<T> mapper) {
    try (Connection c = DriverManager.getConnection(jdbc, user, password);
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (param != null) {
        ps.setString(1, param);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
