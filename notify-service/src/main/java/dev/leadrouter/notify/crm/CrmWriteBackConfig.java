package dev.leadrouter.notify.crm;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.crm.HubSpotConfig;
import dev.leadrouter.runtime.crm.SalesforceConfig;
import java.time.Duration;

/**
 * Settings of notify's CRM owner write-back: the CRMs (shared {@code SALESFORCE_*} and {@code
 * HUBSPOT_*} settings), sla-service's address for reassignment holds ({@code NOTIFY_SLA_ADDRESS}),
 * and how long write-backs are gathered into one batch call ({@code NOTIFY_CRM_BATCH_WINDOW}).
 *
 * @param salesforce null when Salesforce is not connected
 * @param hubspot null when HubSpot is not connected
 * @param salesforceTasks {@code SALESFORCE_CREATE_TASK} (default false): a successful write-back
 *     also creates a follow-up Task for the owner with the routing "why"
 * @param hubspotTasks {@code HUBSPOT_CREATE_TASK} (default false): the same in HubSpot
 * @param hubspotTaskSearchDelay {@code HUBSPOT_TASK_SEARCH_DELAY} (default 30s): after a task
 *     create whose answer was lost, how long to wait before asking HubSpot's search (which trails
 *     writes) whether the task exists, rather than creating a second one
 */
public record CrmWriteBackConfig(
    SalesforceConfig salesforce,
    HubSpotConfig hubspot,
    io.vertx.core.net.HostAndPort slaAddress,
    String internalApiKey,
    Duration batchWindow,
    Duration slaDeadline,
    boolean salesforceTasks,
    boolean hubspotTasks,
    Duration hubspotTaskSearchDelay) {

  public static CrmWriteBackConfig from(Settings settings, Duration relayDeliveryTimeout) {
    SalesforceConfig sf = SalesforceConfig.from(settings);
    HubSpotConfig hs = HubSpotConfig.from(settings);
    Duration window = settings.duration("NOTIFY_CRM_BATCH_WINDOW", Duration.ofMillis(50));
    // A write-back makes up to three calls (token, read, write); they must end well inside the
    // relay's delivery timeout, or the relay would offer the row again while the first still runs.
    for (Duration timeout :
        new Duration[] {
          sf == null ? Duration.ZERO : sf.timeout(), hs == null ? Duration.ZERO : hs.timeout()
        }) {
      if (timeout.multipliedBy(3).plus(window).compareTo(relayDeliveryTimeout) >= 0) {
        throw new IllegalStateException(
            "SALESFORCE_TIMEOUT / HUBSPOT_TIMEOUT x 3 + NOTIFY_CRM_BATCH_WINDOW must be shorter than"
                + " half of LEADROUTER_OUTBOX_LEASE ("
                + relayDeliveryTimeout
                + ")");
      }
    }
    String internalKey = settings.optional("LEADROUTER_INTERNAL_API_KEY");
    if ((sf != null || hs != null) && internalKey == null) {
      throw new IllegalStateException(
          "a CRM is connected: set LEADROUTER_INTERNAL_API_KEY so notify can call sla-service");
    }
    return new CrmWriteBackConfig(
        sf,
        hs,
        io.vertx.core.net.HostAndPort.parseAuthority(
            settings.string("NOTIFY_SLA_ADDRESS", "localhost:9104"), 9104),
        internalKey,
        window,
        settings.duration("NOTIFY_SLA_DEADLINE", Duration.ofSeconds(10)),
        sf != null && settings.bool("SALESFORCE_CREATE_TASK", false),
        hs != null && settings.bool("HUBSPOT_CREATE_TASK", false),
        settings.duration("HUBSPOT_TASK_SEARCH_DELAY", Duration.ofSeconds(30)));
  }

  public boolean any() {
    return salesforce != null || hubspot != null;
  }
}
