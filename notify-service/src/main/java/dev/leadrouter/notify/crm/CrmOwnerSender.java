package dev.leadrouter.notify.crm;

import dev.leadrouter.notify.delivery.ChannelSender;
import dev.leadrouter.notify.delivery.Outgoing;
import dev.leadrouter.notify.delivery.SendFailure;
import dev.leadrouter.notify.delivery.SendReceipt;
import dev.leadrouter.notify.ratelimit.RateLimit;
import dev.leadrouter.runtime.crm.CrmFailure;
import dev.leadrouter.v1.CrmSystem;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRM_OWNER channel: writes the assigned rep as owner of the lead's CRM record, exactly once in
 * effect. It reads the record's owner first (batched with the other write-backs in flight) and
 * writes only over the owner leadrouter may replace; a record already showing the new owner (a
 * repeat after a crash mid-batch) is recorded without a second write; an owner a person set is
 * kept, recorded, and stops the SLA ladder's automatic reassignment. The delivery machinery
 * supplies retries with backoff, Retry-After and dead letters; CRM error texts become the
 * delivery's last_error, visible in ListDeadLetters.
 */
public final class CrmOwnerSender implements ChannelSender {
  private static final Logger log = LoggerFactory.getLogger(CrmOwnerSender.class);

  private final Map<CrmSystem, OwnerWriteBatcher> batchers;
  private final OwnerWriteRepository repository;
  private final Set<CrmSystem> followUpTasks;
  private final Clock clock;

  public CrmOwnerSender(
      Map<CrmSystem, OwnerWriteBatcher> batchers, OwnerWriteRepository repository) {
    this(batchers, repository, Set.of(), Clock.systemUTC());
  }

  /**
   * @param followUpTasks the CRMs where a successful write-back also creates a follow-up task
   */
  public CrmOwnerSender(
      Map<CrmSystem, OwnerWriteBatcher> batchers,
      OwnerWriteRepository repository,
      Set<CrmSystem> followUpTasks,
      Clock clock) {
    this.batchers = batchers;
    this.repository = repository;
    this.followUpTasks = Set.copyOf(followUpTasks);
    this.clock = clock;
  }

  @Override
  public Endpoint endpointOf(Outgoing message) {
    // The CRM clients pace themselves (HubSpot's ten-second window, Retry-After).
    CrmSystem system = WriteBackTarget.recordOf(message.request()).getSystem();
    return new Endpoint(
        "crm:" + system.name(), RateLimit.UNLIMITED, "crm-" + system.name().toLowerCase());
  }

  @Override
  public Future<SendReceipt> send(Outgoing message) {
    WriteBackTarget target = WriteBackTarget.of(message.request());
    OwnerWriteBatcher batcher = batchers.get(target.system());
    if (batcher == null) {
      return Future.failedFuture(
          SendFailure.permanent(target.label() + " is not connected to this deployment"));
    }
    if (target.targetOwnerId().isEmpty()) {
      return Future.failedFuture(
          SendFailure.permanent(
              "rep "
                  + target.repId()
                  + " has no "
                  + target.label()
                  + " user id: run RoutingService.SyncCrmUsers or set the rep's crm_user_ids"));
    }
    return repository
        .lastWrite(target)
        .compose(
            last -> {
              OwnerDecision.Verdict early = OwnerDecision.beforeRead(target, last);
              if (early != null) {
                return Future.succeededFuture(new OwnerWriteBatcher.Outcome(early, ""));
              }
              return batcher.submit(target, last);
            })
        .recover(e -> Future.failedFuture(sendFailure(target, e)))
        .compose(outcome -> settle(target, outcome, followUpTask(message, target)));
  }

  private FollowUpTask followUpTask(Outgoing message, WriteBackTarget target) {
    return followUpTasks.contains(target.system())
        ? FollowUpTask.of(message.request(), target, clock.instant())
        : null;
  }

  private Future<SendReceipt> settle(
      WriteBackTarget t, OwnerWriteBatcher.Outcome outcome, FollowUpTask task) {
    return switch (outcome.verdict()) {
      case WRITE, ALREADY_OWNER ->
          repository
              .recordWritten(t, task)
              .map(
                  v -> {
                    log.info(
                        "owner of {} record {} written for assignment {} ({})",
                        t.label(),
                        t.recordId(),
                        t.assignmentId(),
                        outcome.verdict());
                    return new SendReceipt(t.targetOwnerId());
                  });
      case OVERRIDDEN ->
          repository
              .recordOverride(t, outcome.currentOwner())
              .compose(
                  v -> {
                    log.info(
                        "owner of {} record {} was changed by a person; kept, reassignment held",
                        t.label(),
                        t.recordId());
                    return Future.failedFuture(
                        SendFailure.skipped(
                            "owner changed in "
                                + t.label()
                                + " to "
                                + outcome.currentOwner()
                                + " after our assignment: kept, automatic reassignment stopped"));
                  });
      case SUPERSEDED ->
          Future.failedFuture(
              SendFailure.skipped("a later assignment's owner was already written to the record"));
    };
  }

  private static SendFailure sendFailure(WriteBackTarget t, Throwable e) {
    if (e instanceof SendFailure f) {
      return f;
    }
    if (!(e instanceof CrmFailure f)) {
      return SendFailure.outcomeUnknown(
          t.label() + " write-back failed: " + e.getClass().getSimpleName());
    }
    return switch (f.kind()) {
      case PERMANENT -> SendFailure.permanent(f.getMessage());
      case RATE_LIMITED -> SendFailure.retryAfter(f.getMessage(), f.retryAfter());
      case TRANSIENT ->
          f.maybeApplied()
              ? SendFailure.outcomeUnknown(f.getMessage(), f.retryAfter())
              : f.retryAfter() != null
                  ? SendFailure.retryAfter(f.getMessage(), f.retryAfter())
                  : SendFailure.transientFailure(f.getMessage());
    };
  }
}
