package dev.leadrouter.routing;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * At most one batch per key in flight; what arrives for a key meanwhile waits and goes as the next
 * batch. An idle key starts a batch of one at once, so batching adds no wait when there is no
 * queue, and under load the batches grow by themselves to what arrived during one batch.
 *
 * @param <J> a job; the runner completes each job's own promise
 */
final class KeyedBatches<J> {
  private final int maxBatch;
  private final BiFunction<String, List<J>, Future<?>> runner;
  private final Map<String, ArrayDeque<J>> waiting = new HashMap<>();
  private final Set<String> running = new HashSet<>();

  /**
   * @param runner runs one batch for a key; the next batch for that key starts when its future
   *     completes, either way
   */
  KeyedBatches(int maxBatch, BiFunction<String, List<J>, Future<?>> runner) {
    this.maxBatch = maxBatch;
    this.runner = runner;
  }

  void submit(String key, J job) {
    List<J> batch;
    synchronized (this) {
      waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).add(job);
      batch = next(key);
    }
    run(key, batch);
  }

  /** The next batch for the key if none is running (and marks it running), else null. */
  private List<J> next(String key) {
    ArrayDeque<J> queue = waiting.get(key);
    if (running.contains(key) || queue == null || queue.isEmpty()) {
      return null;
    }
    List<J> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    if (queue.isEmpty()) {
      waiting.remove(key);
    }
    running.add(key);
    return batch;
  }

  private void run(String key, List<J> batch) {
    if (batch == null) {
      return;
    }
    Future<?> done;
    try {
      done = runner.apply(key, batch);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(
        ar -> {
          List<J> following;
          synchronized (this) {
            running.remove(key);
            following = next(key);
          }
          run(key, following);
        });
  }
}
