package dev.leadrouter.notify;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.host.ServiceLauncher;

/**
 * Process entry point of notify-service; configuration comes from the environment (see {@link
 * NotifyConfig}).
 */
public final class NotifyMain {
  private NotifyMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("notify-service", new NotifyVerticle(Settings.fromEnvironment()));
  }
}
