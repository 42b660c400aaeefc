package dev.leadrouter.runtime.db;

import dev.leadrouter.runtime.config.Settings;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Migrates one service's schema and exits: the Kubernetes init step ({@code migrate <schema>}), so
 * a rollout's schema change is applied once before new pods take traffic.
 */
public final class MigrateMain {
  private MigrateMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].matches("capture|routing|notify|sla")) {
      System.err.println("usage: MigrateMain capture|routing|notify|sla");
      System.exit(2);
    }
    String schema = args[0];
    Vertx vertx = Vertx.vertx();
    try {
      DatabaseConfig config =
          DatabaseConfig.from(
              Settings.fromEnvironment(), schema, schema.toUpperCase(java.util.Locale.ROOT));
      Database.migrate(vertx, config)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.MINUTES);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
