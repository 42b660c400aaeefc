package dev.leadrouter.capture.store;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.leadrouter.runtime.batch.InFlightGroups;
import dev.leadrouter.runtime.outbox.LeasedWrites;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for captures: a lead is stored at once, in its own transaction, while fewer than
 * half the pool's connections hold capture transactions; leads that arrive while all of those are
 * busy wait and go together in the next one, up to {@link #MAX_GROUP}. The other half stays free
 * for the relay, reads and erasures.
 *
 * <p>So an idle capture pays nothing for it, and under a spike (a list import, a campaign going
 * live) a group of leads pays one BEGIN, one lock statement and one commit instead of one each; the
 * system benchmark counts statements and commits per lead. Each lead gets the answer it would get
 * alone ({@link LeadRepository#captureAll}). A group that fails as a whole (a deadlock with another
 * group over two existing leads, a lost connection) is retried lead by lead, so one lead's failure
 * never becomes its neighbours'.
 *
 * <p>The routing requests a transaction writes are leased to this process's relay and handed to it
 * at commit, as for a single capture.
 */
public final class CaptureGroupCommit {
  /**
   * Largest group: bounds one transaction's length and the locks it holds. The leads of a group are
   * stored one after the other, so a larger group makes its last lead wait longer: in
   * CaptureBenchmark (64 in flight) groups of 32 raised p99 by half, 16 and 8 did not.
   */
  static final int MAX_GROUP = 16;

  private static final Logger log = LoggerFactory.getLogger(CaptureGroupCommit.class);

  private final LeadRepository repository;
  private final Supplier<LeasedWrites> outbox;
  private final InFlightGroups<Waiting> groups;

  private record Waiting(LeadRepository.Submission submission, Promise<CapturedLead> result) {}

  /**
   * @param poolSize the connections of the pool the repository uses ({@code CAPTURE_DB_POOL_SIZE})
   */
  public CaptureGroupCommit(
      LeadRepository repository, Supplier<LeasedWrites> outbox, int poolSize) {
    this.repository = repository;
    this.outbox = outbox;
    this.groups =
        new InFlightGroups<>(
            Math.max(1, poolSize / 2),
            MAX_GROUP,
            group -> group.size() == 1 ? alone(group.get(0)) : together(group));
  }

  /** Stores the lead as {@link LeadRepository#capture} does, alone or with others waiting. */
  public Future<CapturedLead> capture(Lead lead, String idempotencyKey) {
    Promise<CapturedLead> result = Promise.promise();
    groups.submit(new Waiting(new LeadRepository.Submission(lead, idempotencyKey), result));
    return result.future();
  }

  private Future<CapturedLead> alone(Waiting w) {
    LeasedWrites writes = outbox.get();
    Future<CapturedLead> stored;
    try {
      stored = repository.capture(w.submission().lead(), w.submission().idempotencyKey(), writes);
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    return stored.onSuccess(captured -> writes.committed()).onComplete(w.result());
  }

  private Future<?> together(List<Waiting> group) {
    LeasedWrites writes = outbox.get();
    Future<List<CapturedLead>> stored;
    try {
      stored = repository.captureAll(group.stream().map(Waiting::submission).toList(), writes);
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    return stored.transform(
        ar -> {
          if (ar.succeeded()) {
            writes.committed();
            for (int i = 0; i < group.size(); i++) {
              group.get(i).result().complete(ar.result().get(i));
            }
            return Future.succeededFuture();
          }
          log.info(
              "group capture of {} leads failed, storing them one by one: {} {}",
              group.size(),
              ar.cause().toString(),
              kv("group_size", group.size()));
          return Future.join(group.stream().map(this::alone).toList());
        });
  }
}
