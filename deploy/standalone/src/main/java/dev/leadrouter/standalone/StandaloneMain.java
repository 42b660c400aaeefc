package dev.leadrouter.standalone;

import dev.leadrouter.console.ConsoleVerticle;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.LocalPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All of leadrouter in one process, for trying it out: PostgreSQL and a mailbox are started locally
 * unless configured, the example team and matrix are loaded into an empty database (or when asked:
 * {@code --load-examples}, {@code LEADROUTER_LOAD_EXAMPLES=always|if-empty|never}), and every email
 * is printed. A restart keeps what an operator changed.
 */
public final class StandaloneMain {
  private static final Logger log = LoggerFactory.getLogger(StandaloneMain.class);

  /** The dev user's ingest key: posting leads, nothing else. */
  static final String DEV_API_KEY = "dev-api-key-change-me";

  /** The dev user's admin key: the team, the matrix, reading and erasing leads. */
  static final String DEV_ADMIN_KEY = "dev-admin-key-change-me";

  private StandaloneMain() {}

  public static void main(String[] args) throws Exception {
    Settings env = Settings.fromEnvironment();
    Path home = Path.of(env.string("LEADROUTER_HOME", ".leadrouter"));
    Files.createDirectories(home);
    Map<String, String> overrides = new HashMap<>();

    LocalPostgres postgres = null;
    if (env.optional("LEADROUTER_DB_URL") == null) {
      postgres =
          // Stopped by our own shutdown hook, after the services: not by its own, which would
          // race the services' last queries and lease releases.
          LocalPostgres.start(
              home.resolve("pgdata"), env.integer("LEADROUTER_LOCAL_PG_PORT", 5488), false);
      overrides.put("LEADROUTER_DB_URL", postgres.urlFor("leadrouter"));
    }
    DevMailbox mailbox = null;
    if (env.optional("NOTIFY_SMTP_HOST") == null) {
      mailbox = new DevMailbox(env.integer("LEADROUTER_DEV_SMTP_PORT", 2525));
      overrides.put("NOTIFY_SMTP_HOST", "127.0.0.1");
      overrides.put("NOTIFY_SMTP_PORT", String.valueOf(mailbox.port()));
      overrides.put("NOTIFY_SMTP_STARTTLS", "DISABLED");
    }
    if (devKeys(env)) {
      overrides.put("LEADROUTER_INGEST_API_KEYS", "dev:" + DEV_API_KEY);
      overrides.put("LEADROUTER_ADMIN_API_KEYS", "dev-admin:" + DEV_ADMIN_KEY);
    }
    if (env.optional("LEADROUTER_INTERNAL_API_KEY") == null) {
      overrides.put("LEADROUTER_INTERNAL_API_KEY", randomSecret());
    }
    if (env.optional("LEADROUTER_ACK_SECRET") == null) {
      overrides.put("LEADROUTER_ACK_SECRET", randomSecret());
    }
    peerAddresses(env, overrides);
    Path slaPolicies =
        Path.of(env.string("LEADROUTER_EXAMPLES", "examples")).resolve("sla-policies.yaml");
    if (env.optional("SLA_POLICIES_FILE") == null && Files.isReadable(slaPolicies)) {
      // Working-day targets: the built-in 5 minutes would escalate every lead someone tries out.
      overrides.put("SLA_POLICIES_FILE", slaPolicies.toString());
    }
    Settings settings = env.with(overrides);

    Vertx vertx = Vertx.vertx();
    LocalPostgres pg = postgres;
    DevMailbox stopBox = mailbox;
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Services first (they drain calls, hand back SLA leases, finish outbox rows),
                  // then what they use: the mailbox, and PostgreSQL last.
                  stopping.set(true);
                  try {
                    vertx
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                    if (stopBox != null) {
                      stopBox.close();
                    }
                    if (pg != null) {
                      pg.close();
                    }
                  } catch (Exception e) {
                    log.warn("shutdown incomplete: {}", e.toString());
                  }
                  System.out.println("leadrouter stopped.");
                }));
    Stack stack = new Stack(vertx, settings);
    try {
      stack.deploy().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // One line a person can act on (a port taken by another process is the usual cause), then
      // the hook above stops what did start, PostgreSQL last.
      log.error("leadrouter could not start: {}", startFailure(e));
      System.exit(1);
    }

    GrpcClient admin = GrpcClient.client(vertx);
    Path examples = Path.of(env.string("LEADROUTER_EXAMPLES", "examples"));
    ExampleData.When when =
        List.of(args).contains("--load-examples")
            ? ExampleData.When.ALWAYS
            : ExampleData.When.parse(env.string("LEADROUTER_LOAD_EXAMPLES", "if-empty"));
    String loaded =
        ExampleData.load(
                when,
                admin,
                SocketAddress.inetSocketAddress(stack.routing.grpcPort(), "127.0.0.1"),
                devKeys(env) ? DEV_ADMIN_KEY : settings.required("LEADROUTER_INTERNAL_API_KEY"),
                ExampleData.readTeam(examples.resolve("team.yaml")),
                Files.readString(examples.resolve("routing-matrix.yaml")))
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    log.info("{}", loaded);

    if (mailbox != null) {
      DevMailbox box = mailbox;
      // GreenMail's API blocks, so the console printer runs on a worker thread.
      vertx.setPeriodic(
          500,
          id -> {
            if (stopping.get()) {
              // Vert.x is closing: its worker pool may already refuse the blocking read.
              vertx.cancelTimer(id);
              return;
            }
            vertx
                .executeBlocking(box::newMessages, false)
                .onSuccess(
                    messages ->
                        messages.forEach(
                            m ->
                                System.out.println(
                                    "\n==================== dev mailbox: new email ====================\n"
                                        + m
                                        + "\n================================================================\n")));
          });
    }
    // The console runs in the same process on its own port; plain HTTP on localhost, so its
    // session cookie cannot be Secure here (CONSOLE_SECURE_COOKIES=true behind TLS).
    Map<String, String> consoleSettings =
        new HashMap<>(
            LocalPeers.console(
                stack.capture.grpcPort(),
                stack.routing.grpcPort(),
                stack.notify.grpcPort(),
                stack.sla.grpcPort()));
    consoleSettings.put("CONSOLE_HOST", settings.string("CONSOLE_HOST", "127.0.0.1"));
    consoleSettings.put(
        "CONSOLE_SECURE_COOKIES", settings.string("CONSOLE_SECURE_COOKIES", "false"));
    consoleSettings.keySet().removeIf(name -> env.optional(name) != null);
    ConsoleVerticle console = new ConsoleVerticle(settings.with(consoleSettings));
    vertx
        .deployVerticle(console)
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    printBanner(stack, settings, mailbox, console);
  }

  private static String startFailure(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof java.net.BindException) {
      return "a port it needs is in use by another process ("
          + cause.getMessage()
          + "); stop that process or move leadrouter's ports (CAPTURE_HTTP_PORT, *_GRPC_PORT,"
          + " *_MANAGEMENT_PORT, CONSOLE_HTTP_PORT: see the README's configuration table)";
    }
    return cause instanceof TimeoutException
        ? "services did not start within 2 minutes"
        : cause.toString();
  }

  /**
   * In one process every peer is on localhost: point each service at the others' ports, so moving a
   * port (CAPTURE_GRPC_PORT=...) keeps the services talking. Explicit *_ADDRESS settings win.
   */
  private static void peerAddresses(Settings env, Map<String, String> overrides) {
    Map<String, String> peers =
        new HashMap<>(
            LocalPeers.addresses(
                env.integer("CAPTURE_GRPC_PORT", 9101),
                env.integer("ROUTING_GRPC_PORT", 9102),
                env.integer("NOTIFY_GRPC_PORT", 9103),
                env.integer("SLA_GRPC_PORT", 9104)));
    peers.put("NOTIFY_ACK_BASE_URL", "http://localhost:" + env.integer("SLA_HTTP_PORT", 8104));
    peers.forEach(
        (name, value) -> {
          if (env.optional(name) == null) {
            overrides.put(name, value);
          }
        });
  }

  /** No keys configured: the runner sets the dev user's ingest and admin keys. */
  private static boolean devKeys(Settings env) {
    for (Role role : Role.values()) {
      if (role != Role.INTERNAL && env.optional(ApiKeys.variable(role)) != null) {
        return false;
      }
    }
    return true;
  }

  private static String randomSecret() {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    return HexFormat.of().formatHex(key);
  }

  private static String devKey(Settings settings) {
    String ingest = settings.optional("LEADROUTER_INGEST_API_KEYS");
    return ingest != null && ingest.equals("dev:" + DEV_API_KEY) ? DEV_API_KEY : null;
  }

  private static void printBanner(
      Stack stack, Settings settings, DevMailbox mailbox, ConsoleVerticle console) {
    boolean dev = (DEV_API_KEY).equals(devKey(settings));
    String key = dev ? DEV_API_KEY : "<your ingest key>";
    System.out.println(
        String.join(
            "\n",
            List.of(
                "",
                "leadrouter is running.",
                "  console          http://localhost:"
                    + console.httpPort()
                    + "  (sign in with the admin key below)",
                service("capture-service", stack.capture.httpPort(), stack.capture.grpcPort())
                    + "  (POST /v1/leads)",
                service("routing-service", stack.routing.httpPort(), stack.routing.grpcPort()),
                service("notify-service", stack.notify.httpPort(), stack.notify.grpcPort()),
                service("sla-service", stack.sla.httpPort(), stack.sla.grpcPort())
                    + "  (\"I'm on it\" links)",
                "  OpenAPI: http://localhost:<HTTP port>/openapi.json; CLI: cli/target/leadrouter.jar",
                "  management (health, metrics, gRPC health and reflection): ports "
                    + stack.capture.managementPort()
                    + ", "
                    + stack.routing.managementPort()
                    + ", "
                    + stack.notify.managementPort()
                    + ", "
                    + stack.sla.managementPort(),
                dev
                    ? "  dev keys: ingest key (lead doors): "
                        + DEV_API_KEY
                        + "  admin key: "
                        + DEV_ADMIN_KEY
                    : "  keys: as configured (LEADROUTER_*_API_KEYS)",
                mailbox == null
                    ? "  mail goes to the configured SMTP server"
                    : "  dev mailbox      SMTP 127.0.0.1:"
                        + mailbox.port()
                        + "  (new emails are printed here)",
                "",
                "Post a lead:",
                "  curl -i http://localhost:" + stack.capture.httpPort() + "/v1/leads \\",
                "    -H 'Authorization: Bearer " + key + "' -H 'Content-Type: application/json' \\",
                "    -d '{\"contact\":{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.org\"},"
                    + "\"company\":{\"name\":\"Analytical Engines\"},\"location\":{\"countryCode\":\"US\"}}'",
                "")));
  }

  private static String service(String name, int httpPort, int grpcPort) {
    return String.format(
        "  %-16s HTTP http://localhost:%d  gRPC localhost:%d", name, httpPort, grpcPort);
  }
}
