package dev.leadrouter.runtime.batch;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs jobs in groups, at most {@code maxInFlight} groups at once. A job submitted while fewer run
 * starts at once (alone, unless others wait with it); jobs submitted while all run wait and go
 * together in the next group, up to {@code maxGroup}. So groups form only under load, by
 * themselves: an idle caller pays no wait, and a busy one fewer, fuller statements or calls.
 *
 * <p>The runner completes each job's own result; the next group starts when the runner's future
 * completes, either way. Safe to submit from any thread.
 *
 * @param <J> a job
 */
public final class InFlightGroups<J> {
  private final int maxInFlight;
  private final int maxGroup;
  private final Function<List<J>, Future<?>> runner;
  private final ArrayDeque<J> waiting = new ArrayDeque<>();
  private int inFlight;

  public InFlightGroups(int maxInFlight, int maxGroup, Function<List<J>, Future<?>> runner) {
    if (maxInFlight < 1 || maxGroup < 1) {
      throw new IllegalArgumentException("maxInFlight and maxGroup must be at least 1");
    }
    this.maxInFlight = maxInFlight;
    this.maxGroup = maxGroup;
    this.runner = runner;
  }

  public void submit(J job) {
    synchronized (this) {
      waiting.add(job);
    }
    startWhatFits();
  }

  private void startWhatFits() {
    while (true) {
      List<J> group = new ArrayList<>();
      synchronized (this) {
        if (inFlight >= maxInFlight || waiting.isEmpty()) {
          return;
        }
        while (group.size() < maxGroup && !waiting.isEmpty()) {
          group.add(waiting.poll());
        }
        inFlight++;
      }
      Future<?> done;
      try {
        done = runner.apply(group);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onComplete(
          v -> {
            synchronized (this) {
              inFlight--;
            }
            startWhatFits();
          });
    }
  }
}
