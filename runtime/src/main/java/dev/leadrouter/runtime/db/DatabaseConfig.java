package dev.leadrouter.runtime.db;

import dev.leadrouter.runtime.config.Settings;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Where a service's PostgreSQL is and which schema the service owns.
 *
 * <p>Every service connects to the same database URL but works only inside its own schema; the
 * pool's {@code search_path} is set to that schema so repositories use unqualified table names.
 */
public record DatabaseConfig(
    String url, String user, String password, String schema, int poolSize) {

  /**
   * Reads {@code LEADROUTER_DB_URL}, {@code LEADROUTER_DB_USER}, {@code LEADROUTER_DB_PASSWORD},
   * {@code <PREFIX>_DB_POOL_SIZE}.
   */
  public static DatabaseConfig from(Settings settings, String schema, String prefix) {
    return new DatabaseConfig(
        settings.required("LEADROUTER_DB_URL"),
        settings.optional("LEADROUTER_DB_USER"),
        settings.optional("LEADROUTER_DB_PASSWORD"),
        schema,
        settings.integer(prefix + "_DB_POOL_SIZE", 8));
  }

  public DatabaseConfig withSchema(String otherSchema) {
    return new DatabaseConfig(url, user, password, otherSchema, poolSize);
  }

  /** Connection options for vertx-pg-client; user and password settings win over the URL's. */
  public PgConnectOptions connectOptions() {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    if (user != null) {
      options.setUser(user);
    }
    if (password != null) {
      options.setPassword(password);
    }
    // add, not set: the client's defaults (client_encoding, DateStyle...) must stay
    options
        .addProperty("search_path", schema)
        .addProperty("application_name", "leadrouter-" + schema);
    options.setCachePreparedStatements(true);
    options.setPipeliningLimit(16);
    return options;
  }

  /**
   * The same database as a JDBC URL, for Flyway (which only speaks JDBC and runs off the event
   * loop).
   */
  public String jdbcUrl() {
    PgConnectOptions o = connectOptions();
    return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  @Override
  public String toString() {
    // Never print the password: configuration is logged at start-up.
    PgConnectOptions o = connectOptions();
    return "postgresql://"
        + o.getHost()
        + ":"
        + o.getPort()
        + "/"
        + o.getDatabase()
        + " schema="
        + schema;
  }
}
