package dev.leadrouter.runtime.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a service's connection pool after bringing its schema up to date.
 *
 * <p>Flyway speaks JDBC, which blocks, so migrations run on a worker thread. Several replicas may
 * start at once: Flyway serializes them with a PostgreSQL advisory lock.
 */
public final class Database {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private Database() {}

  /**
   * Applies the shared migrations and those under {@code classpath:db/migration/<schema>} to the
   * service's schema.
   */
  public static Future<MigrationOutcome> migrate(Vertx vertx, DatabaseConfig config) {
    return vertx.executeBlocking(
        () -> {
          var io = config.connectOptions();
          var result =
              Flyway.configure()
                  .dataSource(config.jdbcUrl(), io.getUser(), io.getPassword())
                  .schemas(config.schema())
                  .defaultSchema(config.schema())
                  .createSchemas(true)
                  // shared/ holds tables every service has (the outbox, versioned V0_x so they run
                  // first)
                  .locations(
                      "classpath:db/migration/shared", "classpath:db/migration/" + config.schema())
                  .connectRetries(10)
                  .load()
                  .migrate();
          MigrationOutcome outcome =
              MigrationOutcome.of(
                  config.schema(),
                  result.migrationsExecuted,
                  result.initialSchemaVersion,
                  result.targetSchemaVersion);
          log.info("{}", outcome.describe());
          return outcome;
        },
        false);
  }

  public static Pool pool(Vertx vertx, DatabaseConfig config) {
    return PgBuilder.pool()
        .with(
            new PoolOptions()
                .setMaxSize(config.poolSize())
                .setName("pg-" + config.schema())
                .setShared(false))
        .connectingTo(config.connectOptions())
        .using(vertx)
        .build();
  }
}
