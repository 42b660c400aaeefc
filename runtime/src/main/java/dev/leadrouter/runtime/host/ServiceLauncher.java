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
                    // safe.
                    vertx
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    log.warn("{} did not shut down cleanly: {}", name, e.toString());
                  }
                },
                name + "-shutdown"));
  }
}
