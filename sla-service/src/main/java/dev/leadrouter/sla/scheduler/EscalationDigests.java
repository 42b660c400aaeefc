package dev.leadrouter.sla.scheduler;

import dev.leadrouter.sla.digest.DigestSchedule;
import dev.leadrouter.sla.store.DigestRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each manager's escalation digest when {@link DigestSchedule} says it is due. Every replica
 * checks every {@code checkEvery}; the repository's per-manager lock makes one of them send it.
 * "Now" comes from the injected clock, so tests decide when digests are due.
 */
public final class EscalationDigests {
  private static final Logger log = LoggerFactory.getLogger(EscalationDigests.class);

  private final Vertx vertx;
  private final DigestRepository repository;
  private final DigestSchedule schedule;
  private final Clock clock;
  private final Duration checkEvery;
  private final Runnable sent;
  private final java.util.concurrent.atomic.AtomicLong completedChecks =
      new java.util.concurrent.atomic.AtomicLong();
  private long timer = -1;
  private boolean running;

  public EscalationDigests(
      Vertx vertx,
      DigestRepository repository,
      DigestSchedule schedule,
      Clock clock,
      Duration checkEvery,
      Runnable sent) {
    this.vertx = vertx;
    this.repository = repository;
    this.schedule = schedule;
    this.clock = clock;
    this.checkEvery = checkEvery;
    this.sent = sent;
  }

  public void start() {
    timer = vertx.setPeriodic(checkEvery.toMillis(), id -> check());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** Sends every digest due now; completes when done (tests call it directly). */
  public Future<Integer> check() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    Instant now = clock.instant();
    return repository
        .waiting()
        .compose(
            waiting -> {
              List<Future<Integer>> sends = new ArrayList<>();
              for (DigestRepository.Waiting w : waiting) {
                if (schedule.due(w.oldestPending(), w.lastSent(), now)) {
                  sends.add(
                      repository
                          .sendIfDue(w.managerRepId(), schedule, now)
                          .onSuccess(
                              n -> {
                                if (n > 0) {
                                  log.info(
                                      "escalation digest for manager {}: {} lead(s) caught up after an outage",
                                      w.managerRepId(),
                                      n);
                                }
                              }));
                }
              }
              return Future.all(sends)
                  .map(
                      all -> {
                        int total = 0;
                        for (int i = 0; i < all.size(); i++) {
                          total += all.<Integer>resultAt(i);
                        }
                        return total;
                      });
            })
        .onSuccess(
            total -> {
              if (total > 0) {
                sent.run();
              }
            })
        .onFailure(e -> log.warn("sending escalation digests failed: {}", e.toString()))
        .onComplete(
            ar -> {
              running = false;
              completedChecks.incrementAndGet();
            });
  }

  /** Checks finished so far, so a test can wait for one that started after it moved the clock. */
  public long completedChecks() {
    return completedChecks.get();
  }
}
