package dev.leadrouter.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dead relays found by their missing heartbeats, against a real PostgreSQL: their rows are
 * delivered long before their lease, a live relay's never, and a relay wrongly declared dead fences
 * itself and carries on.
 */
class RelayHeartbeatTest {
  private static final String TOPIC = "test.topic";

  /** Leases far longer than any wait below: a row that moves was released, not expired. */
  private static final Duration LEASE = Duration.ofMinutes(5);

  private static final Duration HEARTBEAT = Duration.ofMillis(100);
  private static final Duration DEAD_AFTER = Duration.ofSeconds(2);

  private Vertx vertx;
  private DatabaseConfig db;
  private Pool pool;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    db = new DatabaseConfig(TestDatabase.newDatabase(), null, null, "relaytest", 8);
    await(Database.migrate(vertx, db));
    pool = Database.pool(vertx, db);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  private OutboxRelay relay(OutboxHandler handler, int batchSize) {
    RelayOptions options =
        new RelayOptions(
            Duration.ofMillis(100),
            LEASE,
            batchSize,
            new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), () -> 0.5),
            HEARTBEAT,
            DEAD_AFTER);
    return new OutboxRelay(
        vertx, pool, db.connectOptions(), db.schema(), Map.of(TOPIC, handler), options);
  }

  /** A relay that registered and then died: its last beat a minute ago, its rows leased an hour. */
  private void deadRelayHolding(String owner, int rows) throws Exception {
    await(
        pool.preparedQuery(
                "INSERT INTO outbox_relays (owner, heartbeat_at) "
                    + "VALUES ($1, now() - interval '1 minute')")
            .execute(Tuple.of(owner)));
    await(
        pool.preparedQuery(
                "INSERT INTO outbox (topic, message_key, payload, lease_owner, lease_until, attempts) "
                    + "SELECT $1, $2::text || g, '\\x00', $2, now() + interval '1 hour', 1 "
                    + "FROM generate_series(0, $3::int - 1) g")
            .execute(Tuple.of(TOPIC, owner, rows)));
  }

  private void writeLeasedAndCommit(OutboxRelay relay, String... keys) throws Exception {
    LeasedWrites writes = relay.leasedWrites();
    await(
        pool.withTransaction(
            tx -> {
              Future<Void> chain = Future.succeededFuture();
              for (String key : keys) {
                chain =
                    chain.compose(
                        v -> writes.enqueue(tx, TOPIC, key, key.getBytes(StandardCharsets.UTF_8)));
              }
              return chain;
            }));
    vertx.runOnContext(v -> writes.committed());
  }

  private long count(String sql, Object... params) throws Exception {
    return await(pool.preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
  }

  private long pending() throws Exception {
    return count("SELECT count(*) FROM outbox");
  }

  private long registered(OutboxRelay relay) throws Exception {
    return count("SELECT count(*) FROM outbox_relays WHERE owner = $1", relay.owner());
  }

  @Test
  void rowsOfADeadRelayAreDeliveredLongBeforeTheirLease() throws Exception {
    deadRelayHolding("dead-relay", 5);
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    OutboxRelay live =
        relay(
            m -> {
              calls.merge(m.key(), 1, Integer::sum);
              return Future.succeededFuture();
            },
            16);
    long started = System.nanoTime();
    await(live.start());

    // its lease runs for another hour: only the missing heartbeat can free the rows
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(calls)
        .containsOnlyKeys(
            "dead-relay0", "dead-relay1", "dead-relay2", "dead-relay3", "dead-relay4");
    assertThat(calls.values()).containsOnly(1);
    assertThat(count("SELECT count(*) FROM outbox_relays WHERE owner = 'dead-relay'")).isZero();
    await(live.stop());
  }

  /**
   * Two relays, one holding its deliveries far longer than the dead-after: the other one, busy
   * releasing a dead relay's rows meanwhile, never takes them. Each row is delivered once.
   */
  @Test
  void aLiveRelaysRowsAreNeverTakenByAnother() throws Exception {
    List<Promise<Void>> held = new CopyOnWriteArrayList<>();
    Map<String, String> deliveredBy = new ConcurrentHashMap<>();
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    OutboxRelay slow =
        relay(
            m -> {
              calls.merge(m.key(), 1, Integer::sum);
              deliveredBy.put(m.key(), "slow");
              if (!m.key().startsWith("held-")) {
                return Future.succeededFuture();
              }
              Promise<Void> p = Promise.promise();
              held.add(p);
              return p.future();
            },
            16);
    OutboxRelay other =
        relay(
            m -> {
              calls.merge(m.key(), 1, Integer::sum);
              deliveredBy.put(m.key(), "other");
              return Future.succeededFuture();
            },
            16);
    await(slow.start());
    await(other.start());
    writeLeasedAndCommit(slow, "held-0", "held-1", "held-2");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 3);
    OffsetDateTime holdingSince =
        await(pool.query("SELECT now()").execute()).iterator().next().getOffsetDateTime(0);

    deadRelayHolding("dead-relay", 2);
    // The other relay has beaten (and so looked for dead relays) well past the moment the slow one
    // would be dead had it stopped beating, and it did release the dead relay's rows.
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count(
                            "SELECT count(*) FROM outbox_relays WHERE owner = $1 "
                                + "AND heartbeat_at > $2::timestamptz + $3 * interval '1 millisecond'",
                            other.owner(),
                            holdingSince,
                            DEAD_AFTER.multipliedBy(2).toMillis())
                        == 1
                    && calls.containsKey("dead-relay0")
                    && calls.containsKey("dead-relay1"));
    assertThat(registered(slow)).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE message_key LIKE 'held-%' AND lease_owner = $1",
                slow.owner()))
        .isEqualTo(3);
    assertThat(held).hasSize(3);

    vertx.runOnContext(v -> held.forEach(Promise::complete));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    assertThat(calls)
        .containsOnlyKeys("held-0", "held-1", "held-2", "dead-relay0", "dead-relay1")
        .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
    assertThat(deliveredBy).containsEntry("held-0", "slow");
    assertThat(deliveredBy).containsEntry("held-1", "slow");
    assertThat(deliveredBy).containsEntry("held-2", "slow");
    await(slow.stop());
    await(other.stop());
  }

  /**
   * A relay paused long enough to be declared dead (done here in SQL, as another relay would) finds
   * its row gone: it drops the rows written for it that were waiting (another relay may be
   * delivering them), registers again and delivers what it writes next.
   */
  @Test
  void aRelayDeclaredDeadWhileAliveRegistersAgainAndDropsItsWaitingRows() throws Exception {
    ch.qos.logback.classic.Logger heartbeatLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RelayHeartbeat.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    heartbeatLog.addAppender(lines);
    try {
      List<Promise<Void>> held = new CopyOnWriteArrayList<>();
      List<String> calls = new CopyOnWriteArrayList<>();
      // batch size 2: four in flight at most, three of them written rows; the other two wait
      OutboxRelay relay =
          relay(
              m -> {
                calls.add(m.key() + "#" + m.attempts());
                if (m.attempts() == 1 && !m.key().equals("after")) {
                  Promise<Void> p = Promise.promise();
                  held.add(p);
                  return p.future();
                }
                return Future.succeededFuture();
              },
              2);
      await(relay.start());
      writeLeasedAndCommit(relay, "leased-0", "leased-1", "leased-2", "leased-3", "leased-4");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 3);

      await(
          pool.preparedQuery("DELETE FROM outbox_relays WHERE owner = $1")
              .execute(Tuple.of(relay.owner())));
      await(
          pool.preparedQuery(
                  "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1")
              .execute(Tuple.of(relay.owner())));

      // registered again; every released row claimed anew (attempt 2) and delivered
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registered(relay) == 1 && pending() == 0);
      // the held first attempts finish; their deletes find nothing of theirs
      vertx.runOnContext(v -> held.forEach(Promise::complete));
      // Written after: it queues behind any written row still waiting, so once it is delivered
      // a waiting row that was not dropped would have been delivered too.
      writeLeasedAndCommit(relay, "after");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("after#1"));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);

      assertThat(calls)
          .containsExactlyInAnyOrder(
              "leased-0#1",
              "leased-1#1",
              "leased-2#1",
              "leased-0#2",
              "leased-1#2",
              "leased-2#2",
              "leased-3#2",
              "leased-4#2",
              "after#1");
      assertThat(lines.list.stream().filter(e -> e.getLevel() == Level.WARN))
          .singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).contains("declared dead"));
      await(relay.stop());
    } finally {
      heartbeatLog.detachAppender(lines);
    }
  }

  @Test
  void stopRemovesTheRelaysHeartbeat() throws Exception {
    OutboxRelay relay = relay(m -> Future.succeededFuture(), 16);
    await(relay.start());
    assertThat(registered(relay)).isEqualTo(1);
    await(relay.stop());
    assertThat(registered(relay)).isZero();
    assertThat(count("SELECT count(*) FROM outbox_relays")).isZero();
  }

  @Test
  void aDeadAfterTooCloseToTheHeartbeatOrNotBelowTheLeaseIsRefused() {
    assertThatThrownBy(
            () -> RelayOptions.from(new Settings(Map.of("LEADROUTER_OUTBOX_DEAD_AFTER", "2s"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LEADROUTER_OUTBOX_DEAD_AFTER (PT2S) must be more than twice")
        .hasMessageContaining("LEADROUTER_OUTBOX_HEARTBEAT (PT1S)");
    assertThatThrownBy(
            () ->
                RelayOptions.from(
                    new Settings(
                        Map.of(
                            "LEADROUTER_OUTBOX_DEAD_AFTER", "30s",
                            "LEADROUTER_OUTBOX_LEASE", "30s"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("less than LEADROUTER_OUTBOX_LEASE (PT30S)");
    RelayOptions defaults = RelayOptions.from(new Settings(Map.of()));
    assertThat(defaults.heartbeat()).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.deadAfter()).isEqualTo(Duration.ofSeconds(6));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
