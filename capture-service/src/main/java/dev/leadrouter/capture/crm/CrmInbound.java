package dev.leadrouter.capture.crm;

import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.runtime.crm.HubSpotClient;
import dev.leadrouter.runtime.crm.SalesforceClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * capture-service's CRM sources, assembled: the Salesforce poller, the HubSpot webhook route and
 * the worker that takes announced records in. Without CRM settings none of them runs.
 */
public final class CrmInbound {
  private final CrmInboundConfig config;
  private final InboundRepository inbound;
  private final SalesforceClient salesforce;
  private final HubSpotClient hubspot;
  private final SalesforcePoller poller;
  private final CrmInboundWorker worker;
  private final HubSpotWebhookHttpApi webhook;

  public CrmInbound(
      Vertx vertx,
      CrmInboundConfig config,
      Pool pool,
      LeadIntake intake,
      MeterRegistry registry,
      int maxBodyBytes,
      Clock clock) {
    this.config = config;
    this.inbound = new InboundRepository(pool);
    this.salesforce =
        config.salesforce() == null
            ? null
            : new SalesforceClient(vertx, config.salesforce(), clock).recordMetrics(registry);
    this.hubspot =
        config.hubspot() == null ? null : new HubSpotClient(vertx, config.hubspot(), clock);
    this.worker = new CrmInboundWorker(vertx, inbound, intake, hubspot, config);
    this.poller =
        config.salesforcePolling()
            ? new SalesforcePoller(vertx, salesforce, inbound, config, worker::kick, clock)
            : null;
    this.webhook =
        config.hubspot() == null
            ? null
            : new HubSpotWebhookHttpApi(
                new HubSpotSignature(config.hubspot().clientSecret(), clock),
                config.hubspotWebhookUrl(),
                inbound,
                worker::kick,
                maxBodyBytes);
  }

  public void mount(dev.leadrouter.runtime.host.DeclaredRoutes routes) {
    if (webhook != null) {
      webhook.mount(routes);
    }
  }

  public void start() {
    if (!config.any()) {
      return;
    }
    worker.start();
    if (poller != null) {
      poller.start();
    }
  }

  public Future<Void> stop() {
    worker.stop();
    if (poller != null) {
      poller.stop();
    }
    if (salesforce != null) {
      salesforce.close();
    }
    if (hubspot != null) {
      hubspot.close();
    }
    return Future.succeededFuture();
  }

  public InboundRepository inbound() {
    return inbound;
  }
}
