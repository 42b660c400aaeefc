package dev.leadrouter.standalone;

import dev.leadrouter.console.ConsoleVerticle;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All of leadrouter in one process, for trying it out: PostgreSQL and a mailbox are started locally
 * unless configured, the example team and matrix are loaded, and every email is printed.
 */
public final class StandaloneMain {
  private static final Logger log = LoggerFactory.getLogger(StandaloneMain.class);
  static final String DEV_API_KEY = "dev-api-key-change-me";

  private StandaloneMain() {}

  public static void main(String[] args) throws Exception {
    Settings env = Settings.fromEnvironment();
    Path home = Path.of(env.string("LEADROUTER_HOME", ".leadrouter"));
    Files.createDirectories(home);
    Map<String, String> overrides = new HashMap<>();

    LocalPostgres postgres = null;
    if (env.optional("LEADROUTER_DB_URL") == null) {
      postgres =
          LocalPostgres.start(
              home.resolve("pgdata"), env.integer("LEADROUTER_LOCAL_PG_PORT", 5488));
      overrides.put("LEADROUTER_DB_URL", postgres.urlFor("leadrouter"));
    }
    DevMailbox mailbox = null;
    if (env.optional("NOTIFY_SMTP_HOST") == null) {
      mailbox = new DevMailbox(env.integer("LEADROUTER_DEV_SMTP_PORT", 2525));
      overrides.put("NOTIFY_SMTP_HOST", "127.0.0.1");
      overrides.put("NOTIFY_SMTP_PORT", String.valueOf(mailbox.port()));
      overrides.put("NOTIFY_SMTP_STARTTLS", "DISABLED");
    }
    if (env.optional("LEADROUTER_API_KEYS") == null) {
      overrides.put("LEADROUTER_API_KEYS", "dev:" + DEV_API_KEY);
    }
    if (env.optional("LEADROUTER_INTERNAL_API_KEY") == null) {
      overrides.put("LEADROUTER_INTERNAL_API_KEY", randomSecret());
    }
    if (env.optional("LEADROUTER_ACK_SECRET") == null) {
      overrides.put("LEADROUTER_ACK_SECRET", randomSecret());
    }
    peerAddresses(env, overrides);
    Settings settings = env.with(overrides);

    Vertx vertx = Vertx.vertx();
    Stack stack = new Stack(vertx, settings);
    stack.deploy().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);

    GrpcClient admin = GrpcClient.client(vertx);
    Path examples = Path.of(env.string("LEADROUTER_EXAMPLES", "examples"));
    ExampleData.load(
            admin,
            SocketAddress.inetSocketAddress(stack.routing.grpcPort(), "127.0.0.1"),
            settings.required("LEADROUTER_INTERNAL_API_KEY"),
            ExampleData.readTeam(examples.resolve("team.yaml")),
            Files.readString(examples.resolve("routing-matrix.yaml")))
        .toCompletionStage()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);

    if (mailbox != null) {
      DevMailbox box = mailbox;
      // GreenMail's API blocks, so the console printer runs on a worker thread.
      vertx.setPeriodic(
          500,
          id ->
              vertx
                  .executeBlocking(box::newMessages, false)
                  .onSuccess(
                      messages ->
                          messages.forEach(
                              m ->
                                  System.out.println(
                                      "\n==================== dev mailbox: new email ====================\n"
                                          + m
                                          + "\n================================================================\n"))));
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

    LocalPostgres pg = postgres;
    DevMailbox box = mailbox;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    vertx
                        .close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                    if (box != null) {
                      box.close();
                    }
                    if (pg != null) {
                      pg.close();
                    }
                  } catch (Exception e) {
                    log.warn("shutdown incomplete: {}", e.toString());
                  }
                }));
  }

  /**
   * In one process every peer is on localhost: point each service at the others' ports, so moving a
   * port (CAPTURE_GRPC_PORT=...) keeps the services talking. Explicit *_ADDRESS settings win.
   */
  private static void peerAddresses(Settings env, Map<String, String> overrides) {
    Map<String, String> peers =
        new HashMap<>(
            LocalPeers.addresses(
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

  private static String randomSecret() {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    return HexFormat.of().formatHex(key);
  }

  private static void printBanner(
      Stack stack, Settings settings, DevMailbox mailbox, ConsoleVerticle console) {
    String key =
        settings.required("LEADROUTER_API_KEYS").equals("dev:" + DEV_API_KEY)
            ? DEV_API_KEY
            : "<your key>";
    System.out.println(
        String.join(
            "\n",
            List.of(
                "",
                "leadrouter is running.",
                "  console          http://localhost:"
                    + console.httpPort()
                    + "  (sign in with the API key below)",
                "  capture-service  HTTP http://localhost:"
                    + stack.capture.httpPort()
                    + "  gRPC localhost:"
                    + stack.capture.grpcPort(),
                "  routing-service  gRPC localhost:" + stack.routing.grpcPort(),
                "  notify-service   gRPC localhost:" + stack.notify.grpcPort(),
                "  sla-service      gRPC localhost:" + stack.sla.grpcPort(),
                mailbox == null
                    ? "  mail goes to the configured SMTP server"
                    : "  dev mailbox: SMTP 127.0.0.1:"
                        + mailbox.port()
                        + " (new emails are printed here)",
                "",
                "Post a lead:",
                "  curl -i http://localhost:" + stack.capture.httpPort() + "/v1/leads \\",
                "    -H 'Authorization: Bearer " + key + "' -H 'Content-Type: application/json' \\",
                "    -d '{\"contact\":{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.org\"},"
                    + "\"company\":{\"name\":\"Analytical Engines\"},\"location\":{\"countryCode\":\"US\"}}'",
                "")));
  }
}
