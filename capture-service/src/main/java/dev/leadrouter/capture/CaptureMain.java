package dev.leadrouter.capture;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.host.ServiceLauncher;

/** Runs capture-service as its own process, configured from the environment. */
public final class CaptureMain {
  private CaptureMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("capture-service", new CaptureVerticle(Settings.fromEnvironment()));
  }
}
