package dev.leadrouter.runtime.host;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one service verticle as a process: deploys it, and on SIGTERM (Kubernetes pod deletion)
 * undeploys it, which drains listeners and relays, then closes Vert.x.
 */
public final class ServiceLauncher {
  private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {}

  /**
   * How long the shutdown hook waits for Vert.x to close: {@code LEADROUTER_SHUTDOWN_GRACE} (calls
   * in flight) plus 10 s for relays and pools. With the default 20 s that is 30 s, which with the 5
   * s preStop pause fits the pods' 45 s {@code terminationGracePeriodSeconds}.
   */
  static java.time.Duration shutdownBudget() {
    return dev.leadrouter.runtime.config.Settings.fromEnvironment()
        .duration("LEADROUTER_SHUTDOWN_GRACE", java.time.Duration.ofSeconds(20))
        .plusSeconds(10);
  }

  public static void run(String name, Deployable verticle) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    vertx
        .deployVerticle(verticle)
        .onSuccess(id -> log.info("{} started", name))
        .onFailure(
            e -> {
              log.error("{} failed to start", name, e);
              vertx.close().onComplete(v -> System.exit(1));
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("{} shutting down", name);
                  try {
                    // Runs on the JVM's shutdown thread, never an event loop, so waiting here is
                    // safe. Bounded so preStop + this fits the pod's termination grace period.
                    vertx
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(shutdownBudget().toMillis(), TimeUnit.MILLISECONDS);
                  } catch (Exception e) {
                    log.warn("{} did not shut down cleanly: {}", name, e.toString());
                  }
                },
                name + "-shutdown"));
  }
}
