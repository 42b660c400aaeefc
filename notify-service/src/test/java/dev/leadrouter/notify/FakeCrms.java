package dev.leadrouter.notify;

import dev.leadrouter.runtime.testing.crm.FakeHubSpot;
import dev.leadrouter.runtime.testing.crm.FakeSalesforce;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * Local Salesforce and HubSpot servers for notify's CRM tests, and the settings that point a
 * notify-service at both of them.
 */
final class FakeCrms {
  private final Vertx vertx = Vertx.vertx();
  final FakeSalesforce salesforce;
  final FakeHubSpot hubspot;

  FakeCrms() throws Exception {
    salesforce = new FakeSalesforce(vertx).start();
    hubspot = new FakeHubSpot(vertx, 50).start();
  }

  /**
   * notify's settings for both CRMs, e-mail as the default channel, an SLA peer that never answers
   * (the tests look at the CRM side only) and this write-back batch window.
   */
  Map<String, String> notifySettings(String batchWindow) {
    Map<String, String> env = new HashMap<>(salesforce.jwtSettings());
    env.putAll(hubspot.settings());
    env.put("NOTIFY_SLA_ADDRESS", "127.0.0.1:" + RunningNotify.freePort());
    env.put("NOTIFY_CRM_BATCH_WINDOW", batchWindow);
    env.put("NOTIFY_CHANNELS_DEFAULT", "EMAIL");
    return env;
  }

  void close() throws Exception {
    salesforce.stop();
    hubspot.stop();
    RunningNotify.await(vertx.close());
  }
}
