package dev.leadrouter.console;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.host.ServiceLauncher;

/**
 * Process entry point of the operator console; configuration comes from the environment (see {@link
 * ConsoleConfig}).
 */
public final class ConsoleMain {
  private ConsoleMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("console", new ConsoleVerticle(Settings.fromEnvironment()));
  }
}
