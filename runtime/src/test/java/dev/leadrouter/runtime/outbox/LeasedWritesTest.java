package dev.leadrouter.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rows written in one statement are handed to the relay at commit, each with its own payload. */
class LeasedWritesTest {
  private Vertx vertx;
  private DatabaseConfig db;
  private Pool pool;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    db = new DatabaseConfig(TestDatabase.newDatabase(), null, null, "leasedtest", 4);
    await(Database.migrate(vertx, db));
    pool = Database.pool(vertx, db);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  private static LeasedWrites.Message message(String topic, String key) {
    return new LeasedWrites.Message(
        topic, key, (topic + "/" + key).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rowsWrittenTogetherAreDeliveredAtCommitEachWithItsPayloadAndAPendingKeyIsNotWrittenTwice()
      throws Exception {
    Map<String, String> delivered = new ConcurrentHashMap<>();
    OutboxHandler handler =
        m -> {
          delivered.merge(
              m.topic() + "/" + m.key(),
              new String(m.payload(), StandardCharsets.UTF_8),
              (a, b) -> a + " AND " + b);
          return Future.succeededFuture();
        };
    OutboxRelay relay =
        new OutboxRelay(
            vertx,
            pool,
            db.connectOptions(),
            db.schema(),
            Map.of("a", handler, "b", handler),
            new RelayOptions(Duration.ofHours(1), Duration.ofSeconds(30), 16, Backoff.standard()));
    await(relay.start());
    // already pending, written leased by a writer whose commit is not handed over yet
    LeasedWrites earlier = relay.leasedWrites();
    await(pool.withTransaction(tx -> earlier.enqueueAll(tx, List.of(message("a", "1")))));

    // enough rows for the one-statement form; a/1 is among them
    List<LeasedWrites.Message> together = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      together.add(message("a", String.valueOf(i)));
      together.add(message("b", String.valueOf(i)));
    }
    LeasedWrites writes = relay.leasedWrites();
    await(pool.withTransaction(tx -> writes.enqueueAll(tx, together)));
    vertx.runOnContext(v -> writes.committed());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 9);
    assertThat(delivered).doesNotContainKey("a/1").hasSize(9);
    assertThat(delivered).allSatisfy((key, payload) -> assertThat(payload).isEqualTo(key));

    vertx.runOnContext(v -> earlier.committed());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 10);
    assertThat(delivered.get("a/1")).as("the pending key delivered once").isEqualTo("a/1");
    await(relay.stop());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
