package dev.leadrouter.routing;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.host.ServiceLauncher;

/** Runs routing-service as its own process, configured from the environment. */
public final class RoutingMain {
  private RoutingMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("routing-service", new RoutingVerticle(Settings.fromEnvironment()));
  }
}
