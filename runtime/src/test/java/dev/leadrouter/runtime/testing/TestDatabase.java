package dev.leadrouter.runtime.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL server tests use, chosen once per test JVM: {@code LEADROUTER_TEST_DB_URL} if set
 * (a {@code postgresql://user:pass@host:port/db} URL of a server we may create databases on), else
 * Testcontainers if a Docker engine answers, else a local embedded server. Each {@link
 * #newDatabase()} call gives a fresh, empty database so tests never see each other's rows.
 */
public final class TestDatabase {
  private static Server server;

  private TestDatabase() {}

  /** A {@code postgresql://} URL for a new, empty database. */
  public static synchronized String newDatabase() {
    if (server == null) {
      server = startServer();
    }
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    return server.create(name);
  }

  private interface Server {
    String create(String database);
  }

  private static Server startServer() {
    String url = System.getenv("LEADROUTER_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      return database -> createOn(url, database);
    }
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
      container.start();
      String base =
          "postgresql://"
              + container.getUsername()
              + ":"
              + container.getPassword()
              + "@"
              + container.getHost()
              + ":"
              + container.getMappedPort(5432)
              + "/"
              + container.getDatabaseName();
      return database -> createOn(base, database);
    }
    return embeddedServer();
  }

  /**
   * An embedded server in a folder of its own under the shared temp root, after removing the
   * servers and data of test JVMs that died without stopping theirs (see {@link LeftoverServers}).
   */
  private static Server embeddedServer() {
    LeftoverServers servers = LeftoverServers.inTempDirectory();
    List<Path> removed = servers.sweep();
    if (!removed.isEmpty()) {
      System.err.println("TestDatabase: removed servers left by dead test JVMs: " + removed);
    }
    try {
      Path folder = servers.claim();
      EmbeddedPostgres pg;
      try {
        pg =
            EmbeddedPostgres.builder()
                .setDataDirectory(folder.resolve(LeftoverServers.DATA_DIR))
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .start();
      } catch (IOException | RuntimeException e) {
        LeftoverServers.release(folder);
        throw e;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pg.close();
                      LeftoverServers.release(folder);
                    } catch (Exception ignored) {
                      // the JVM is exiting; the next test JVM's sweep removes what is left
                    }
                  }));
      String base = "postgresql://postgres:postgres@127.0.0.1:" + pg.getPort() + "/postgres";
      return database -> createOn(base, database);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start embedded PostgreSQL", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  private static String createOn(String serverUrl, String database) {
    var options = io.vertx.pgclient.PgConnectOptions.fromUri(serverUrl);
    String jdbc =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    try (var c = DriverManager.getConnection(jdbc, options.getUser(), options.getPassword())) {
      c.createStatement().execute("CREATE DATABASE " + database);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create test database", e);
    }
    String auth =
        options.getUser() + (options.getPassword() == null ? "" : ":" + options.getPassword());
    return "postgresql://"
        + auth
        + "@"
        + options.getHost()
        + ":"
        + options.getPort()
        + "/"
        + database;
  }
}
