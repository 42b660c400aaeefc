package dev.leadrouter.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What migrating says on the first start and on every restart after it. */
class DatabaseMigrateTest {

  @Test
  void aRestartReportsTheVersionTheSchemaIsAtNotNull() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      DatabaseConfig db =
          new DatabaseConfig(TestDatabase.newDatabase(), null, null, "relaytest", 2);
      MigrationOutcome first = await(Database.migrate(vertx, db));
      MigrationOutcome again = await(Database.migrate(vertx, db));

      // the shared outbox migrations (V0_1, V14_3, V14_4) and the schema's own V1
      assertThat(first.applied()).isEqualTo(4);
      assertThat(first.version()).isEqualTo("14.4");
      assertThat(first.describe())
          .isEqualTo("schema relaytest migrated: 4 migration(s) applied, now at version 14.4");
      assertThat(again.applied()).isZero();
      assertThat(again.version()).isEqualTo("14.4");
      assertThat(again.describe()).isEqualTo("schema relaytest is up to date at version 14.4");
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
