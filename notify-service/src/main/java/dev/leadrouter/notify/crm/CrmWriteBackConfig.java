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
 */
public record CrmWriteBackConfig(
    SalesforceConfig salesforce,
    HubSpotConfig hubspot,
    io.vertx.core.net.HostAndPort slaAddress,
    String internalApiKey,
    Duration batchWindow,
    Duration slaDeadline) {

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
        settings.duration("NOTIFY_SLA_DEADLINE", Duration.ofSeconds(10)));
  }

  public boolean any() {
    return salesforce != null || hubspot != null;
  }
}
