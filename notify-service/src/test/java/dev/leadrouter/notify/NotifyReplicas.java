package dev.leadrouter.notify;

import dev.leadrouter.runtime.testing.ServiceJvm;
import dev.leadrouter.runtime.testing.TestSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * notify-service as a process of its own ({@link NotifyMain}), for the tests that SIGKILL a replica
 * while others share its database.
 */
final class NotifyReplicas {
  private NotifyReplicas() {}

  /**
   * What every replica of these tests shares (the database, the internal key, quick relay timings,
   * an SMTP port nothing listens on), with ports of its own.
   *
   * @param lease {@code LEADROUTER_OUTBOX_LEASE}, e.g. {@code 3s}: how soon a killed replica's rows
   *     are taken over
   */
  static Map<String, String> environment(String dbUrl, String lease) {
    Map<String, String> env = new HashMap<>();
    env.put("LEADROUTER_DB_URL", dbUrl);
    env.put("LEADROUTER_BIND_HOST", "127.0.0.1");
    env.put("LEADROUTER_INTERNAL_API_KEY", TestSettings.INTERNAL_KEY);
    env.put("LEADROUTER_OUTBOX_POLL_INTERVAL", "200ms");
    env.put("LEADROUTER_OUTBOX_LEASE", lease);
    env.put("LEADROUTER_OUTBOX_BATCH_SIZE", "16");
    env.put("LEADROUTER_SHUTDOWN_GRACE", "1s");
    env.put("NOTIFY_HTTP_TIMEOUT", "600ms");
    env.put("NOTIFY_SMTP_HOST", "127.0.0.1");
    env.put("NOTIFY_SMTP_PORT", Integer.toString(RunningNotify.freePort()));
    return withOwnPorts(env);
  }

  /** The same settings with gRPC, HTTP and management ports of its own: another replica. */
  static Map<String, String> withOwnPorts(Map<String, String> env) {
    Map<String, String> own = new HashMap<>(env);
    own.put("NOTIFY_GRPC_PORT", Integer.toString(RunningNotify.freePort()));
    own.put("NOTIFY_HTTP_PORT", Integer.toString(RunningNotify.freePort()));
    own.put("NOTIFY_MANAGEMENT_PORT", Integer.toString(RunningNotify.freePort()));
    return own;
  }

  /**
   * Starts a replica and waits until its own health endpoint says ready; its output goes to {@code
   * target/<log>.log}. A replica that never gets ready is killed, so it cannot outlive the test.
   */
  static Process start(Map<String, String> env, String log) throws Exception {
    return ServiceJvm.startReady(
        NotifyMain.class.getName(),
        env,
        Integer.parseInt(env.get("NOTIFY_MANAGEMENT_PORT")),
        Path.of("target", log + ".log"));
  }
}
