package dev.leadrouter.runtime.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from Maven artifacts, for the standalone runner and for tests on
 * machines without a database or Docker engine. Never used by a deployed service.
 */
public final class LocalPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

  private final EmbeddedPostgres server;

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /**
   * Starts a server. With a data directory the data survives restarts (the standalone runner);
   * without one it lives in a temporary directory removed on close (tests).
   */
  public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
    return start(dataDirectory, port, true);
  }

  /**
   * @param stopAtExit whether the server stops itself in a JVM shutdown hook (tests). An owner that
   *     still needs it while shutting down passes false and closes it last: JVM shutdown hooks run
   *     concurrently, so the server's own hook would stop PostgreSQL under services still draining.
   */
  public static LocalPostgres start(Path dataDirectory, int port, boolean stopAtExit)
      throws IOException {
    return start(dataDirectory, port, stopAtExit, Map.of());
  }

  /**
   * @param serverConfig further server settings, e.g. {@code shared_preload_libraries} for the
   *     benchmark's statement statistics
   */
  public static LocalPostgres start(
      Path dataDirectory, int port, boolean stopAtExit, Map<String, String> serverConfig)
      throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setRegisterShutdownHook(stopAtExit)
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
    serverConfig.forEach(builder::setServerConfig);
    if (dataDirectory != null) {
      builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
    }
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres pg = builder.start();
    log.info("local PostgreSQL listening on 127.0.0.1:{}", pg.getPort());
    return new LocalPostgres(pg);
  }

  public int port() {
    return server.getPort();
  }

  /** A {@code postgresql://} URL for a database on this server, created if missing. */
  public String urlFor(String database) {
    try (var c = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"));
        var check = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      check.setString(1, database);
      if (!check.executeQuery().next()) {
        // Identifiers cannot be bound as parameters; callers pass fixed or generated lowercase
        // names only.
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
          throw new IllegalArgumentException("unsafe database name " + database);
        }
        c.createStatement().execute("CREATE DATABASE " + database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database, e);
    }
    return "postgresql://postgres:postgres@127.0.0.1:" + port() + "/" + database;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
