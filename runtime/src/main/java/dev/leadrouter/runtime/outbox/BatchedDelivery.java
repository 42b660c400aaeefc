package dev.leadrouter.runtime.outbox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the relay's one-message deliveries into batch calls: a message is sent at once while fewer
 * than {@code maxCalls} calls are in flight, and otherwise waits for the next call, which takes up
 * to {@code maxBatch} waiting messages together.
 *
 * <p>So batches form only under load, by themselves: an idle relay sends each row alone, without
 * waiting for company, and a busy one sends fewer, fuller calls instead of queueing one call per
 * row. The same shape as the relay's grouped deletes and routing's group commit. Rows handed over
 * together (one transaction's rows, one claim) are sent at the end of the event-loop task that
 * hands them over, so they share a call rather than each taking one of the free ones (the first of
 * them goes at once when nothing is in flight, so an idle relay pays no hop).
 *
 * <p>Used from the relay's event loop only, like the relay itself.
 */
public final class BatchedDelivery implements OutboxHandler {
  private final OutboxBatchHandler batch;
  private final int maxBatch;
  private final int maxCalls;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int calls;
  private boolean sendScheduled;

  private record Waiting(OutboxMessage message, Promise<Void> delivered) {}

  public BatchedDelivery(OutboxBatchHandler batch, int maxBatch, int maxCalls) {
    if (maxBatch < 1 || maxCalls < 1) {
      throw new IllegalArgumentException("maxBatch and maxCalls must be at least 1");
    }
    this.batch = batch;
    this.maxBatch = maxBatch;
    this.maxCalls = maxCalls;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    Promise<Void> delivered = Promise.promise();
    waiting.add(new Waiting(message, delivered));
    Context context = Vertx.currentContext();
    if (context == null || calls == 0) {
      // nothing in flight: no company to wait for, and no hop to pay
      send();
    } else if (!sendScheduled) {
      sendScheduled = true;
      context.runOnContext(
          v -> {
            sendScheduled = false;
            send();
          });
    }
    return delivered.future();
  }

  private void send() {
    while (calls < maxCalls && !waiting.isEmpty()) {
      List<Waiting> group = new ArrayList<>();
      while (group.size() < maxBatch && !waiting.isEmpty()) {
        group.add(waiting.poll());
      }
      calls++;
      List<Future<Void>> results = call(group);
      for (int i = 0; i < group.size(); i++) {
        results.get(i).onComplete(group.get(i).delivered());
      }
      Future.join(results)
          .onComplete(
              done -> {
                calls--;
                send();
              });
    }
  }

  private List<Future<Void>> call(List<Waiting> group) {
    List<OutboxMessage> messages = group.stream().map(Waiting::message).toList();
    List<Future<Void>> results;
    try {
      results = batch.deliverAll(messages);
    } catch (RuntimeException e) {
      results = messages.stream().map(m -> Future.<Void>failedFuture(e)).toList();
    }
    if (results.size() != messages.size()) {
      IllegalStateException mismatch =
          new IllegalStateException(
              "batch handler answered " + results.size() + " of " + messages.size() + " messages");
      results = messages.stream().map(m -> Future.<Void>failedFuture(mismatch)).toList();
    }
    return results;
  }
}
