package dev.leadrouter.sla;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.host.ServiceLauncher;

/**
 * Process entry point of the SLA service; configuration comes from the environment (see {@link
 * SlaConfig}).
 */
public final class SlaMain {
  private SlaMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("sla-service", new SlaVerticle(Settings.fromEnvironment()));
  }
}
