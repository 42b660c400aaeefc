package dev.leadrouter.runtime.outbox;

import io.vertx.core.Future;
import java.util.List;

/**
 * Makes one downstream call for several outbox messages of one topic. Each message keeps its own
 * outcome, with the meaning {@link OutboxHandler} gives it: success once the receiver has durably
 * taken it, {@link PermanentFailure} when retrying cannot help, anything else to be retried.
 */
@FunctionalInterface
public interface OutboxBatchHandler {
  /** One future per message, in the order given. */
  List<Future<Void>> deliverAll(List<OutboxMessage> messages);
}
