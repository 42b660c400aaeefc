package dev.leadrouter.runtime.db;

import dev.leadrouter.runtime.config.Settings;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.charset.StandardCharsets;

/**
 * Where a service's PostgreSQL is and which schema the service owns.
 *
 * <p>Every service connects to the same database URL but works only inside its own schema; the
 * pool's {@code search_path} is set to that schema so repositories use unqualified table names.
 */
public record DatabaseConfig(
    String url, String user, String password, String schema, int poolSize, String sslRootCert) {

  public DatabaseConfig(String url, String user, String password, String schema, int poolSize) {
    this(url, user, password, schema, poolSize, null);
  }

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
        settings.integer(prefix + "_DB_POOL_SIZE", 8),
        settings.optional("LEADROUTER_DB_SSL_ROOT_CERT"));
  }

  public DatabaseConfig withSchema(String otherSchema) {
    return new DatabaseConfig(url, user, password, otherSchema, poolSize, sslRootCert);
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
    if (sslRootCert != null) {
      options.setSslOptions(
          new ClientSSLOptions().setTrustOptions(new PemTrustOptions().addCertPath(sslRootCert)));
    }
    if (options.getSslMode() == SslMode.VERIFY_FULL) {
      // verify-full checks the host name too, as libpq and the JDBC driver do.
      if (options.getSslOptions() == null) {
        options.setSslOptions(new ClientSSLOptions());
      }
      options.getSslOptions().setHostnameVerificationAlgorithm("HTTPS");
    }
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
    // The URL's sslmode must reach Flyway too: migrations carry the same credentials.
    String url =
        "jdbc:postgresql://"
            + o.getHost()
            + ":"
            + o.getPort()
            + "/"
            + o.getDatabase()
            + "?sslmode="
            + o.getSslMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return sslRootCert == null
        ? url
        : url + "&sslrootcert=" + java.net.URLEncoder.encode(sslRootCert, StandardCharsets.UTF_8);
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
