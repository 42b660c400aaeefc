package dev.leadrouter.notify.crm;

import dev.leadrouter.runtime.crm.CrmFailure;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxMessage;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import dev.leadrouter.runtime.outbox.RetryLater;
import dev.leadrouter.v1.CrmSystem;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the follow-up task a successful owner write-back asked for (outbox topic {@code
 * crm.follow_up_task}), exactly once in effect: the attempt is marked before the CRM is called, and
 * a message offered again after a marked attempt (a crash, a timeout after the CRM took the call)
 * first looks for the task in the CRM and only creates it when it is not there. CRM errors that
 * retrying cannot fix (a deactivated user, a deleted record) park the message with the CRM's text.
 */
public final class FollowUpTaskHandler implements OutboxHandler {
  private static final Logger log = LoggerFactory.getLogger(FollowUpTaskHandler.class);

  private final Map<CrmSystem, CrmTasks> crms;
  private final FollowUpTaskRepository repository;
  private final Clock clock;

  public FollowUpTaskHandler(
      Map<CrmSystem, CrmTasks> crms, FollowUpTaskRepository repository, Clock clock) {
    this.crms = Map.copyOf(crms);
    this.repository = repository;
    this.clock = clock;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    return repository
        .find(message.key())
        .compose(
            stored -> {
              if (stored == null) {
                return Future.failedFuture(
                    new PermanentFailure("no follow-up task stored for " + message.key(), null));
              }
              if (stored.taskId() != null) {
                return Future.succeededFuture();
              }
              CrmTasks crm = crms.get(stored.task().target().system());
              if (crm == null) {
                return Future.failedFuture(
                    new PermanentFailure(
                        stored.task().target().label() + " is not connected to this deployment",
                        null));
              }
              return create(crm, stored);
            })
        .recover(FollowUpTaskHandler::failure);
  }

  private Future<Void> create(CrmTasks crm, FollowUpTaskRepository.Stored stored) {
    FollowUpTask task = stored.task();
    if (stored.attemptedAt() != null) {
      Duration wait =
          Duration.between(clock.instant(), stored.attemptedAt().plus(crm.findableAfter()));
      if (wait.compareTo(Duration.ZERO) > 0) {
        // An earlier attempt may have created it, and the CRM's search may not show it yet.
        return Future.failedFuture(
            new RetryLater("waiting until an earlier attempt's task is findable", wait));
      }
    }
    Future<String> earlier =
        stored.attemptedAt() != null ? crm.find(task) : Future.succeededFuture(null);
    return earlier.compose(
        found -> {
          if (found != null) {
            log.info("follow-up task {} was created by an earlier attempt", found);
            return repository.markCreated(task, found);
          }
          return repository
              .markAttempted(task)
              .compose(v -> crm.create(task))
              .compose(
                  id -> {
                    log.info(
                        "follow-up task {} created in {} for assignment {}",
                        id,
                        task.target().label(),
                        task.target().assignmentId());
                    return repository.markCreated(task, id);
                  });
        });
  }

  private static Future<Void> failure(Throwable e) {
    if (e instanceof IllegalArgumentException) {
      // A malformed id stored with the task: no retry can fix it.
      return Future.failedFuture(new PermanentFailure(e.getMessage(), e));
    }
    if (e instanceof CrmFailure f) {
      return switch (f.kind()) {
        case PERMANENT -> Future.failedFuture(new PermanentFailure(f.getMessage(), f));
        case RATE_LIMITED, TRANSIENT ->
            f.retryAfter() != null
                ? Future.failedFuture(new RetryLater(f.getMessage(), f.retryAfter()))
                : Future.failedFuture(f);
      };
    }
    return Future.failedFuture(e);
  }
}
