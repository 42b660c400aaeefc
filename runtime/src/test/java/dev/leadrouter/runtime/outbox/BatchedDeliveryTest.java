package dev.leadrouter.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Rows become batch calls only when the receiver is busy, and keep their own outcomes. */
class BatchedDeliveryTest {

  /** A receiver whose calls are answered when the test says so. */
  private static final class HeldCalls implements OutboxBatchHandler {
    final List<List<String>> calls = new ArrayList<>();
    final List<List<Promise<Void>>> answers = new ArrayList<>();

    @Override
    public List<Future<Void>> deliverAll(List<OutboxMessage> messages) {
      calls.add(messages.stream().map(OutboxMessage::key).toList());
      List<Promise<Void>> promises = messages.stream().map(m -> Promise.<Void>promise()).toList();
      answers.add(promises);
      return promises.stream().map(Promise::future).toList();
    }

    void answer(int call) {
      answers.get(call).forEach(Promise::complete);
    }
  }

  private static OutboxMessage message(String key) {
    return new OutboxMessage(key.hashCode(), "t", key, new byte[0], 1);
  }

  @Test
  void anIdleReceiverGetsEachRowAtOnceWithoutWaitingForCompany() {
    HeldCalls receiver = new HeldCalls();
    BatchedDelivery delivery = new BatchedDelivery(receiver, 32, 2);
    delivery.deliver(message("a"));
    assertThat(receiver.calls).containsExactly(List.of("a"));
    delivery.deliver(message("b"));
    assertThat(receiver.calls).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void rowsArrivingWhileEveryCallIsBusyShareTheNextCallUpToTheBatchSize() {
    HeldCalls receiver = new HeldCalls();
    BatchedDelivery delivery = new BatchedDelivery(receiver, 3, 1);
    Map<String, Future<Void>> outcomes = new java.util.LinkedHashMap<>();
    for (String key : List.of("a", "b", "c", "d", "e")) {
      outcomes.put(key, delivery.deliver(message(key)));
    }
    assertThat(receiver.calls).containsExactly(List.of("a"));

    receiver.answer(0);
    assertThat(outcomes.get("a").succeeded()).isTrue();
    assertThat(receiver.calls).containsExactly(List.of("a"), List.of("b", "c", "d"));
    assertThat(outcomes.get("b").isComplete()).isFalse();

    // Each row keeps its own outcome: one failing item fails only its row.
    receiver.answers.get(1).get(0).complete();
    receiver.answers.get(1).get(1).fail(new PermanentFailure("refused", null));
    assertThat(receiver.calls).as("the call is busy until every item is answered").hasSize(2);
    receiver.answers.get(1).get(2).complete();
    assertThat(outcomes.get("b").succeeded()).isTrue();
    assertThat(outcomes.get("c").cause()).isInstanceOf(PermanentFailure.class);
    assertThat(outcomes.get("d").succeeded()).isTrue();
    assertThat(receiver.calls).last().isEqualTo(List.of("e"));
  }

  @Test
  void rowsHandedOverInOneEventLoopTaskShareOneCallEvenWithCallsFree() throws Exception {
    // the first goes at once (nothing in flight); the others would each take a free call if sent
    // as they came
    Vertx vertx = Vertx.vertx();
    try {
      HeldCalls receiver = new HeldCalls();
      BatchedDelivery delivery = new BatchedDelivery(receiver, 32, 4);
      Promise<List<List<String>>> seen = Promise.promise();
      vertx.runOnContext(
          v -> {
            // one transaction's rows arrive together
            for (String key : List.of("a", "b", "c", "d", "e")) {
              delivery.deliver(message(key));
            }
            vertx.runOnContext(later -> seen.complete(List.copyOf(receiver.calls)));
          });
      assertThat(await(seen.future())).containsExactly(List.of("a"), List.of("b", "c", "d", "e"));
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aReceiverThatThrowsOrAnswersTheWrongCountFailsThatCallsRowsAndTheNextCallStillGoes() {
    AtomicInteger calls = new AtomicInteger();
    BatchedDelivery delivery =
        new BatchedDelivery(
            messages -> {
              int call = calls.incrementAndGet();
              if (call == 1) {
                throw new IllegalStateException("boom");
              }
              if (call == 2) {
                return List.of(); // none of the one message
              }
              return messages.stream().map(m -> Future.<Void>succeededFuture()).toList();
            },
            8,
            1);
    assertThat(delivery.deliver(message("a")).failed()).isTrue();
    assertThat(delivery.deliver(message("b")).failed()).isTrue();
    assertThat(delivery.deliver(message("c")).succeeded()).isTrue();
  }

  /**
   * Through a real relay: rows queued behind a busy receiver go in few calls, each row delivered
   * and deleted exactly once.
   */
  @Test
  void aRelayBehindABusyReceiverSendsFewFullCallsAndDeliversEachRowOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      DatabaseConfig db =
          new DatabaseConfig(TestDatabase.newDatabase(), null, null, "batchtest", 8);
      await(Database.migrate(vertx, db));
      Pool pool = Database.pool(vertx, db);
      for (int i = 0; i < 200; i++) {
        String key = "key-" + i;
        await(
            pool.withTransaction(
                tx -> Outbox.enqueue(tx, "t", key, key.getBytes(StandardCharsets.UTF_8))));
      }
      Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
      List<Integer> sizes = new CopyOnWriteArrayList<>();
      OutboxBatchHandler slowReceiver =
          messages -> {
            sizes.add(messages.size());
            Future<Void> answered = vertx.timer(20).mapEmpty();
            return messages.stream()
                .map(
                    m ->
                        answered.andThen(
                            ar ->
                                delivered
                                    .computeIfAbsent(m.key(), k -> new AtomicInteger())
                                    .incrementAndGet()))
                .toList();
          };
      OutboxRelay relay =
          new OutboxRelay(
              vertx,
              pool,
              db.connectOptions(),
              db.schema(),
              Map.of("t", new BatchedDelivery(slowReceiver, 32, 2)),
              new RelayOptions(
                  Duration.ofMillis(100), Duration.ofSeconds(30), 32, Backoff.standard()));
      await(relay.start());
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  await(pool.query("SELECT count(*) FROM outbox").execute())
                          .iterator()
                          .next()
                          .getLong(0)
                      == 0);
      await(relay.stop());
      assertThat(delivered).hasSize(200);
      assertThat(delivered.values()).allMatch(c -> c.get() == 1);
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
      assertThat(sizes.size()).as("calls for 200 rows").isLessThan(200 / 4);
      assertThat(sizes).allMatch(size -> size <= 32);
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
