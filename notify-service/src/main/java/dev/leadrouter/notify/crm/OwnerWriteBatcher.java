package dev.leadrouter.notify.crm;

import dev.leadrouter.runtime.crm.CrmFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Gathers the write-backs that arrive within a short window (the outbox relay hands a claimed batch
 * of deliveries over at once) into one owner read and one owner write per CRM object type: the
 * composite sObject collections API for Salesforce, batch read/update for HubSpot. One record alone
 * goes as a single call. Each caller gets its own record's outcome.
 */
public final class OwnerWriteBatcher {
  /** The record's state after its batch: written, or why not. */
  public record Outcome(OwnerDecision.Verdict verdict, String currentOwner) {}

  /** One record's write-back waiting for its batch. */
  private record Pending(
      WriteBackTarget target, OwnerDecision.LastWrite last, Promise<Outcome> result) {}

  private final Vertx vertx;
  private final CrmOwners crm;
  private final Duration window;
  private final Map<String, List<Pending>> waiting = new LinkedHashMap<>();
  private final Map<String, Long> timers = new LinkedHashMap<>();

  public OwnerWriteBatcher(Vertx vertx, CrmOwners crm, Duration window) {
    this.vertx = vertx;
    this.crm = crm;
    this.window = window;
  }

  /**
   * Reads the record's owner, decides, and writes when it should. Fails with {@link CrmFailure}
   * when the CRM could not be asked or refused the write.
   */
  public synchronized Future<Outcome> submit(WriteBackTarget target, OwnerDecision.LastWrite last) {
    Promise<Outcome> result = Promise.promise();
    List<Pending> queue = waiting.computeIfAbsent(target.objectType(), k -> new ArrayList<>());
    queue.add(new Pending(target, last, result));
    if (queue.size() >= crm.maxBatch()) {
      flush(target.objectType());
    } else if (!timers.containsKey(target.objectType())) {
      timers.put(
          target.objectType(),
          vertx.setTimer(Math.max(1, window.toMillis()), t -> flush(target.objectType())));
    }
    return result.future();
  }

  private void flush(String objectType) {
    List<Pending> batch;
    synchronized (this) {
      Long timer = timers.remove(objectType);
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
      batch = waiting.remove(objectType);
    }
    if (batch == null || batch.isEmpty()) {
      return;
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    batch.forEach(p -> ids.add(p.target().recordId()));
    Future<Map<String, String>> owners;
    try {
      owners = crm.ownersOf(objectType, ids);
    } catch (RuntimeException e) {
      owners = Future.failedFuture(CrmFailure.permanent("", e.getMessage()));
    }
    owners.onComplete(
        ar -> {
          if (ar.failed()) {
            batch.forEach(p -> p.result().tryFail(ar.cause()));
            return;
          }
          decideAndWrite(objectType, batch, ar.result());
        });
  }

  private void decideAndWrite(String objectType, List<Pending> batch, Map<String, String> owners) {
    Map<String, String> writes = new LinkedHashMap<>();
    List<Pending> writing = new ArrayList<>();
    for (Pending p : batch) {
      String current = owners.get(p.target().recordId());
      if (current == null) {
        p.result()
            .tryFail(
                CrmFailure.permanent(
                    "NOT_FOUND",
                    p.target().label()
                        + " "
                        + objectType
                        + " "
                        + p.target().recordId()
                        + " not found: deleted, merged or not visible to the integration user"));
        continue;
      }
      OwnerDecision.Verdict verdict = OwnerDecision.decide(p.target(), p.last(), current);
      if (verdict == OwnerDecision.Verdict.WRITE && !writes.containsKey(p.target().recordId())) {
        writes.put(p.target().recordId(), p.target().targetOwnerId());
        writing.add(p);
      } else if (verdict == OwnerDecision.Verdict.WRITE) {
        // Two assignments of one record in one batch: the other one goes first; retry this later.
        p.result()
            .tryFail(
                CrmFailure.transientFailure("another write to the record is in flight", false));
      } else {
        p.result().tryComplete(new Outcome(verdict, current));
      }
    }
    if (writes.isEmpty()) {
      return;
    }
    Future<Map<String, CrmFailure>> written;
    try {
      written = crm.setOwners(objectType, writes);
    } catch (RuntimeException e) {
      written = Future.failedFuture(CrmFailure.permanent("", e.getMessage()));
    }
    written.onComplete(
        ar -> {
          for (Pending p : writing) {
            if (ar.failed()) {
              p.result().tryFail(ar.cause());
              continue;
            }
            CrmFailure failure = ar.result().get(p.target().recordId());
            if (failure != null) {
              p.result().tryFail(failure);
            } else {
              p.result()
                  .tryComplete(
                      new Outcome(OwnerDecision.Verdict.WRITE, p.target().targetOwnerId()));
            }
          }
        });
  }
}
