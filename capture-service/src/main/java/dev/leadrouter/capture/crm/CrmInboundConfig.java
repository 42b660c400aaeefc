package dev.leadrouter.capture.crm;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.crm.HubSpotConfig;
import dev.leadrouter.runtime.crm.SalesforceConfig;
import java.time.Duration;

/**
 * Settings of capture's CRM sources.
 *
 * @param salesforce null when Salesforce is not connected
 * @param salesforcePolling {@code CAPTURE_SALESFORCE_POLL} (default true when Salesforce is
 *     connected): poll for new Leads
 * @param salesforceBackfill how far back the very first poll looks ({@code
 *     CAPTURE_SALESFORCE_BACKFILL}, default 0: only Leads created from now on)
 * @param salesforcePollOverlap how far behind the cursor each round reads again ({@code
 *     CAPTURE_SALESFORCE_POLL_OVERLAP}, default 5m), for Leads that become visible after the cursor
 *     passed their CreatedDate (long transactions); 0 turns it off
 * @param hubspot null when HubSpot is not connected
 * @param hubspotWebhookUrl the target URL exactly as registered in the HubSpot app ({@code
 *     HUBSPOT_WEBHOOK_URL}); signatures are computed over it. Unset = the URL the request arrived
 *     at (only right without a proxy rewriting it)
 */
public record CrmInboundConfig(
    SalesforceConfig salesforce,
    boolean salesforcePolling,
    Duration salesforcePollInterval,
    Duration salesforceBackfill,
    Duration salesforcePollOverlap,
    int salesforcePageSize,
    Duration cursorLease,
    HubSpotConfig hubspot,
    String hubspotWebhookUrl,
    Duration workerInterval,
    int workerBatch,
    Duration recordLease) {

  public static CrmInboundConfig from(Settings s) {
    SalesforceConfig sf = SalesforceConfig.from(s);
    HubSpotConfig hs = HubSpotConfig.from(s);
    if (hs != null && hs.clientSecret() == null) {
      throw new IllegalStateException(
          "HUBSPOT_ACCESS_TOKEN is set: capture also needs HUBSPOT_CLIENT_SECRET to verify webhooks");
    }
    Duration interval = s.duration("CAPTURE_SALESFORCE_POLL_INTERVAL", Duration.ofSeconds(15));
    int page = s.integer("CAPTURE_SALESFORCE_PAGE_SIZE", 200);
    if (page < 1 || page > 2000) {
      throw new IllegalStateException("CAPTURE_SALESFORCE_PAGE_SIZE must be 1 to 2000");
    }
    Duration overlap = s.duration("CAPTURE_SALESFORCE_POLL_OVERLAP", Duration.ofMinutes(5));
    if (overlap.isNegative() || overlap.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalStateException("CAPTURE_SALESFORCE_POLL_OVERLAP must be 0 to 24h");
    }
    return new CrmInboundConfig(
        sf,
        sf != null && s.bool("CAPTURE_SALESFORCE_POLL", true),
        interval,
        s.duration("CAPTURE_SALESFORCE_BACKFILL", Duration.ZERO),
        overlap,
        page,
        // Long enough to outlive a round, short enough that another replica takes over soon.
        max(interval.multipliedBy(4), Duration.ofSeconds(30)),
        hs,
        s.optional("HUBSPOT_WEBHOOK_URL"),
        s.duration("CAPTURE_CRM_INBOUND_INTERVAL", Duration.ofSeconds(1)),
        16,
        Duration.ofSeconds(60));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public boolean any() {
    return salesforce != null || hubspot != null;
  }
}
