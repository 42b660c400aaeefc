package dev.leadrouter.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay against a real PostgreSQL: delivery, retry, parking, concurrent relays, dead leases.
 */
class OutboxRelayTest {
  private static final String TOPIC = "test.topic";
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

  private RelayOptions fastOptions() {
    return new RelayOptions(
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        16,
        new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), () -> 0.5));
  }

  private OutboxRelay relay(OutboxHandler handler) {
    return relay(handler, fastOptions());
  }

  private OutboxRelay relay(OutboxHandler handler, RelayOptions options) {
    return new OutboxRelay(
        vertx, pool, db.connectOptions(), db.schema(), Map.of(TOPIC, handler), options);
  }

  private void enqueue(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String key = "key-" + i;
      await(
          pool.withTransaction(
              tx -> Outbox.enqueue(tx, TOPIC, key, key.getBytes(StandardCharsets.UTF_8))));
    }
  }

  private long pending() throws Exception {
    return await(pool.query("SELECT count(*) FROM outbox").execute()).iterator().next().getLong(0);
  }

  @Test
  void deliversEachMessageAndDeletesIt() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Map<String, String> payloads = new ConcurrentHashMap<>();
    OutboxRelay relay =
        relay(
            m -> {
              payloads.put(m.key(), new String(m.payload(), StandardCharsets.UTF_8));
              calls.computeIfAbsent(m.key(), k -> new AtomicInteger()).incrementAndGet();
              return Future.succeededFuture();
            });
    enqueue(50);
    await(relay.start());
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pending() == 0);
    assertThat(calls).hasSize(50);
    assertThat(calls.values()).allMatch(c -> c.get() == 1);
    // asserted here, not in the handler: a failure inside it would only be logged
    assertThat(payloads).allSatisfy((key, payload) -> assertThat(payload).isEqualTo(key));
    await(relay.stop());
  }

  /**
   * A pipeline, not a batch barrier: the rows claimed with a slow one (and those behind them) are
   * delivered and deleted while it is still running.
   */
  @Test
  void aSlowDeliveryDoesNotHoldBackTheRowsClaimedWithIt() throws Exception {
    io.vertx.core.Promise<Void> slow = io.vertx.core.Promise.promise();
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    RelayOptions longLease =
        new RelayOptions(
            Duration.ofMillis(100), Duration.ofSeconds(60), 16, fastOptions().backoff());
    OutboxRelay relay =
        relay(
            m -> {
              if (m.key().equals("key-0")) {
                return slow.future();
              }
              delivered.add(m.key());
              return Future.succeededFuture();
            },
            longLease);
    enqueue(60);
    await(relay.start());
    Awaitility.await()
        // well inside the delivery timeout (half the lease): the slow row never times out here
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(pending()).isEqualTo(1));
    assertThat(delivered).hasSize(59).doesNotContain("key-0");
    vertx.runOnContext(v -> slow.complete());
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pending() == 0);
    await(relay.stop());
  }

  /**
   * Delivered rows are deleted in groups: far fewer DELETE statements (each its own commit) than
   * rows. A statement-level trigger counts them.
   */
  @Test
  void deliveredRowsAreDeletedInGroupsNotOneCommitEach() throws Exception {
    await(
        pool.query(
                "CREATE TABLE delete_statements (n bigint NOT NULL);"
                    + "INSERT INTO delete_statements VALUES (0);"
                    + "CREATE FUNCTION count_delete() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN UPDATE delete_statements SET n = n + 1; RETURN NULL; END $$;"
                    + "CREATE TRIGGER outbox_deletes AFTER DELETE ON outbox "
                    + "FOR EACH STATEMENT EXECUTE FUNCTION count_delete();")
            .execute());
    int rows = 400;
    enqueue(rows);
    OutboxRelay relay = relay(m -> Future.succeededFuture());
    await(relay.start());
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
    await(relay.stop());
    long deletes =
        await(pool.query("SELECT n FROM delete_statements").execute()).iterator().next().getLong(0);
    assertThat(deletes).as("DELETE statements for %d rows", rows).isLessThan(rows / 4);
  }

  @Test
  void enqueueIsIdempotentWhilePending() throws Exception {
    enqueue(3);
    enqueue(3);
    assertThat(pending()).isEqualTo(3);
  }

  @Test
  void failedDeliveriesAreRetriedUntilTheyGoThrough() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    OutboxRelay relay =
        relay(
            m ->
                attempts.incrementAndGet() < 4
                    ? Future.failedFuture(new IllegalStateException("downstream unavailable"))
                    : Future.succeededFuture());
    enqueue(1);
    await(relay.start());
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pending() == 0);
    assertThat(attempts.get()).isEqualTo(4);
    await(relay.stop());
  }

  @Test
  void aReceiverNotListeningYetIsReportedOncePerOutageNotPerAttempt() throws Exception {
    ch.qos.logback.classic.Logger relayLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(OutboxRelay.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    relayLog.addAppender(lines);
    try {
      AtomicInteger attempts = new AtomicInteger();
      OutboxRelay relay =
          relay(
              m ->
                  attempts.incrementAndGet() <= 60
                      ? Future.failedFuture(
                          new io.vertx.core.VertxException(
                              "call failed", new java.net.ConnectException("Connection refused")))
                      : Future.succeededFuture());
      enqueue(20);
      await(relay.start());
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);
      await(relay.stop());
      List<String> loud =
          lines.list.stream()
              .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
              .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
              .toList();
      assertThat(attempts.get()).isGreaterThan(60);
      assertThat(loud)
          .as("what the relay said at INFO and above")
          .hasSize(2)
          .satisfiesExactly(
              first -> assertThat(first).contains("test.topic: receiver not reachable"),
              last ->
                  assertThat(last)
                      .contains("test.topic: receiver reachable again after 60 refused"));
    } finally {
      relayLog.detachAppender(lines);
    }
  }

  @Test
  void rowsBackingOffAreRetriedAsSoonAsTheirReceiverAnswersAgain() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean down =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    // a backoff of 15 s after the first failure: far longer than this test waits
    OutboxRelay relay =
        relay(
            m -> {
              if (down.get()) {
                refused.incrementAndGet();
                return Future.failedFuture(
                    new io.vertx.core.VertxException(
                        "call failed", new java.net.ConnectException("Connection refused")));
              }
              delivered.add(m.key());
              return Future.succeededFuture();
            },
            new RelayOptions(
                Duration.ofMillis(100),
                Duration.ofSeconds(30),
                16,
                new Backoff(Duration.ofSeconds(20), Duration.ofSeconds(20), () -> 0.5)));
    await(relay.start());
    enqueue(5);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() == 5);

    down.set(false);
    await(
        pool.withTransaction(
            tx -> Outbox.enqueue(tx, TOPIC, "fresh", "fresh".getBytes(StandardCharsets.UTF_8))));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
    assertThat(delivered).hasSize(6).contains("fresh", "key-0", "key-4");
    await(relay.stop());
  }

  @Test
  void aHandlerCanAskForItsOwnRetryDelay() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    OutboxRelay relay =
        relay(
            m -> {
              attempts.incrementAndGet();
              return Future.failedFuture(new RetryLater("channel paused", Duration.ofHours(2)));
            });
    enqueue(1);
    await(relay.start());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                await(
                            pool.query(
                                    "SELECT count(*) FROM outbox WHERE lease_owner IS NULL "
                                        + "AND available_at > now() + interval '119 minutes'")
                                .execute())
                        .iterator()
                        .next()
                        .getLong(0)
                    == 1);
    await(relay.stop());
    // The relay's own backoff (at most 100 ms here) would have offered it many times by now.
    assertThat(attempts.get()).isEqualTo(1);
  }

  @Test
  void permanentFailuresAreParkedNotRetried() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    OutboxRelay relay =
        relay(
            m -> {
              if (m.key().equals("later")) {
                delivered.add(m.key());
                return Future.succeededFuture();
              }
              attempts.incrementAndGet();
              return Future.failedFuture(new PermanentFailure("receiver rejected it", null));
            });
    enqueue(1);
    await(relay.start());
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                await(
                            pool.query(
                                    "SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL AND last_error LIKE '%rejected%'")
                                .execute())
                        .iterator()
                        .next()
                        .getLong(0)
                    == 1);
    // A message enqueued after the parking is delivered by a later poll: had the parked one been
    // retried, that poll would have retried it too.
    await(
        pool.withTransaction(
            tx -> Outbox.enqueue(tx, TOPIC, "later", "later".getBytes(StandardCharsets.UTF_8))));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivered.contains("later"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pending() == 1);
    assertThat(attempts.get()).isEqualTo(1);
    await(relay.stop());
  }

  @Test
  void twoRelaysShareTheWorkWithoutDeliveringAnythingTwice() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    OutboxHandler handler =
        m -> {
          calls.computeIfAbsent(m.key(), k -> new AtomicInteger()).incrementAndGet();
          // A little latency so both relays have claims in flight at the same time.
          return vertxTimer(2);
        };
    enqueue(300);
    OutboxRelay a = relay(handler);
    OutboxRelay b = relay(handler);
    await(a.start());
    await(b.start());
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pending() == 0);
    assertThat(calls).hasSize(300);
    assertThat(calls.values()).allMatch(c -> c.get() == 1);
    await(a.stop());
    await(b.stop());
  }

  @Test
  void rowsLeasedByADeadRelayAreTakenOverWhenTheLeaseExpires() throws Exception {
    enqueue(1);
    // A relay that claimed the row and then died: its lease is still running for a moment.
    await(
        pool.preparedQuery(
                "UPDATE outbox SET lease_owner = 'dead-relay', lease_until = now() + interval '1 second', attempts = 1")
            .execute(Tuple.tuple()));
    java.time.Instant leaseUntil =
        await(pool.query("SELECT lease_until FROM outbox").execute())
            .iterator()
            .next()
            .getOffsetDateTime(0)
            .toInstant();
    AtomicInteger calls = new AtomicInteger();
    List<Integer> attemptsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<java.time.Instant> calledAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    OutboxRelay relay =
        relay(
            m -> {
              calls.incrementAndGet();
              attemptsSeen.add(m.attempts());
              calledAt.add(java.time.Instant.now());
              return Future.succeededFuture();
            });
    await(relay.start());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(attemptsSeen).containsExactly(2);
    assertThat(calledAt.get(0)).as("not before the lease expires").isAfterOrEqualTo(leaseUntil);
    await(relay.stop());
  }

  /**
   * A relay that never polls: after its first look at start-up only a NOTIFY or a commit handed to
   * it can make it deliver.
   */
  private OutboxRelay quietRelay(OutboxHandler handler, Duration lease) {
    return relay(
        handler, new RelayOptions(Duration.ofHours(1), lease, 16, fastOptions().backoff()));
  }

  private LeasedWrites writeLeased(OutboxRelay relay, int count) throws Exception {
    LeasedWrites writes = relay.leasedWrites();
    await(
        pool.withTransaction(
            tx -> {
              Future<Void> chain = Future.succeededFuture();
              for (int i = 0; i < count; i++) {
                String key = "leased-" + i;
                chain =
                    chain.compose(
                        v -> writes.enqueue(tx, TOPIC, key, key.getBytes(StandardCharsets.UTF_8)));
              }
              return chain;
            }));
    return writes;
  }

  @Test
  void rowsWrittenLeasedAreDeliveredWhenHandedOverAtCommitWithoutAWakeUpOrClaim() throws Exception {
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    OutboxRelay relay =
        quietRelay(
            m -> {
              delivered.add(m.key());
              return Future.succeededFuture();
            },
            Duration.ofSeconds(30));
    await(relay.start());
    AtomicInteger wakeUps = new AtomicInteger();
    var listener = io.vertx.pgclient.pubsub.PgSubscriber.subscriber(vertx, db.connectOptions());
    listener.channel(db.schema() + "_outbox").handler(topic -> wakeUps.incrementAndGet());
    await(listener.connect());
    LeasedWrites writes = writeLeased(relay, 20);
    // No NOTIFY for a leased row and no poll: nothing moves until the writer hands the rows over.
    await(vertxTimer(700));
    assertThat(wakeUps.get()).as("NOTIFYs for leased rows").isZero();
    assertThat(delivered).isEmpty();
    assertThat(pending()).isEqualTo(20);
    // A row written the ordinary way still wakes the relays at once.
    enqueue(1);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains("key-0"));
    assertThat(delivered).containsExactly("key-0");
    assertThat(wakeUps.get()).isEqualTo(1);
    await(listener.close());

    vertx.runOnContext(v -> writes.committed());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    assertThat(delivered).hasSize(21);
    await(relay.stop());
  }

  @Test
  void leasedRowsOfAWriterThatDiedBeforeHandingThemOverAreClaimedAfterTheLease() throws Exception {
    OutboxRelay writer = quietRelay(m -> Future.succeededFuture(), Duration.ofSeconds(1));
    // The writer commits and dies: it never calls committed() and its relay never runs.
    writeLeased(writer, 3);
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    OutboxRelay survivor =
        relay(
            m -> {
              attempts.merge(m.key(), 1, Integer::sum);
              return Future.succeededFuture();
            });
    await(survivor.start());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    assertThat(attempts).containsOnlyKeys("leased-0", "leased-1", "leased-2");
    assertThat(attempts.values()).containsOnly(1);
    await(survivor.stop());
  }

  @Test
  void aStoppingRelayGivesBackTheCommittedRowsItHasNotStarted() throws Exception {
    List<io.vertx.core.Promise<Void>> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    // batch size 2: four deliveries in flight at most, three of them committed rows; the rest wait
    OutboxRelay relay =
        relay(
            m -> {
              io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
              started.add(p);
              return p.future();
            },
            new RelayOptions(
                Duration.ofHours(1), Duration.ofMinutes(5), 2, fastOptions().backoff()));
    await(relay.start());
    LeasedWrites writes = writeLeased(relay, 5);
    vertx.runOnContext(v -> writes.committed());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 3);

    Future<Void> stopped = relay.stop();
    vertx.runOnContext(v -> started.forEach(io.vertx.core.Promise::complete));
    await(stopped);
    // the three delivered are gone; the two never started are nobody's, claimable at once
    assertThat(pending()).isEqualTo(2);
    assertThat(
            await(pool.query("SELECT count(*) FROM outbox WHERE lease_owner IS NULL").execute())
                .iterator()
                .next()
                .getLong(0))
        .isEqualTo(2);
  }

  @Test
  void aCommittedRowTooOldToFinishWithinItsLeaseIsGivenBackToTheClaim() throws Exception {
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    OutboxRelay relay =
        relay(
            m -> {
              attempts.put(m.key(), m.attempts());
              return Future.succeededFuture();
            },
            new RelayOptions(
                Duration.ofMillis(100), Duration.ofSeconds(1), 16, fastOptions().backoff()));
    await(relay.start());
    LeasedWrites writes = writeLeased(relay, 1);
    // more than 0.4 of the one-second lease has gone since the transaction began
    await(vertxTimer(600));
    vertx.runOnContext(v -> writes.committed());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
    // attempts 2: written leased (1), then claimed again (2), never delivered on the old lease
    assertThat(attempts).containsExactly(Map.entry("leased-0", 2));
    await(relay.stop());
  }

  @Test
  void aRolledBackTransactionLeavesNothingToDeliver() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    OutboxRelay relay =
        quietRelay(
            m -> {
              calls.incrementAndGet();
              return Future.succeededFuture();
            },
            Duration.ofSeconds(30));
    await(relay.start());
    LeasedWrites writes = relay.leasedWrites();
    Future<Void> failed =
        pool.withTransaction(
            tx ->
                writes
                    .enqueue(tx, TOPIC, "doomed", new byte[] {1})
                    .compose(v -> Future.failedFuture("the change this row belonged to failed")));
    assertThat(
            failed
                .transform(ar -> Future.succeededFuture(ar.failed()))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS))
        .isTrue();
    assertThat(pending()).isZero();
    assertThat(calls.get()).isZero();
    await(relay.stop());
  }

  private Future<Void> vertxTimer(long ms) {
    return vertx.timer(ms).mapEmpty();
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
