package dev.leadrouter.notify.crm;

import dev.leadrouter.runtime.crm.HubSpotClient;
import dev.leadrouter.runtime.crm.SalesforceClient;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.ZoneOffset;

/** Creating a follow-up task in one CRM, and finding one created before. */
public interface CrmTasks {
  /** The CRM's id of a task created earlier for {@code task}; null if there is none. */
  Future<String> find(FollowUpTask task);

  /** Creates the task; answers its id. */
  Future<String> create(FollowUpTask task);

  /**
   * How long after a create {@link #find} can be trusted to see it: 0 when the CRM's reads are
   * consistent (SOQL), longer when a search index trails writes (HubSpot).
   */
  default Duration findableAfter() {
    return Duration.ZERO;
  }

  static CrmTasks salesforce(SalesforceClient client) {
    return new CrmTasks() {
      @Override
      public Future<String> find(FollowUpTask t) {
        return client.findTask(t.target().recordId(), t.subject());
      }

      @Override
      public Future<String> create(FollowUpTask t) {
        return client.createTask(
            t.target().targetOwnerId(),
            t.target().recordId(),
            t.subject(),
            t.description(),
            t.due().atOffset(ZoneOffset.UTC).toLocalDate().toString());
      }
    };
  }

  static CrmTasks hubspot(HubSpotClient client, Duration searchDelay) {
    return new CrmTasks() {
      @Override
      public Duration findableAfter() {
        return searchDelay;
      }

      @Override
      public Future<String> find(FollowUpTask t) {
        return client.findTask(t.target().targetOwnerId(), t.subject());
      }

      @Override
      public Future<String> create(FollowUpTask t) {
        return client.createTask(
            t.target().recordId(),
            t.target().targetOwnerId(),
            t.subject(),
            t.description(),
            t.due());
      }
    };
  }
}
