package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's "run it" for real: the packaged runner jar starts as its own process (local
 * PostgreSQL, dev mailbox, example team and matrix), takes a lead over HTTP and prints the rep's
 * email. Runs after packaging (failsafe), so a dependency missing from the jar fails the build.
 */
class RunnerJarIT {

  @Test
  void packagedRunnerRoutesALeadToTheDevMailboxAndStartsAndStopsCleanly() throws Exception {
    Path jar = Path.of("target/leadrouter-standalone.jar");
    assertThat(jar).exists();
    Path home = Files.createTempDirectory("leadrouter-home");
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String s :
        new String[] {
          "CAPTURE_GRPC",
          "CAPTURE_HTTP",
          "ROUTING_GRPC",
          "ROUTING_HTTP",
          "NOTIFY_GRPC",
          "NOTIFY_HTTP",
          "SLA_GRPC",
          "SLA_HTTP",
          "LEADROUTER_LOCAL_PG",
          "LEADROUTER_DEV_SMTP",
          "CAPTURE_MANAGEMENT",
          "ROUTING_MANAGEMENT",
          "NOTIFY_MANAGEMENT",
          "SLA_MANAGEMENT",
          "CONSOLE_HTTP"
        }) {
      ports.put(s + "_PORT", freePort());
    }
    int http = ports.get("CAPTURE_HTTP_PORT");

    Path out = home.resolve("runner.log");
    Process runner = start(jar, home, ports, out);
    try {
      waitFor(out, runner, "leadrouter is running.", Duration.ofMinutes(2));
      String banner = Files.readString(out);
      // every service's HTTP port, sla's above all: the "I'm on it" links point there
      for (String service : new String[] {"CAPTURE", "ROUTING", "NOTIFY", "SLA"}) {
        assertThat(banner)
            .contains(
                "HTTP http://localhost:"
                    + ports.get(service + "_HTTP_PORT")
                    + "  gRPC localhost:"
                    + ports.get(service + "_GRPC_PORT"));
      }
      // The runner serves the operator console and prints where.
      String console = "http://localhost:" + ports.get("CONSOLE_HTTP_PORT");
      assertThat(Files.readString(out)).contains("console          " + console);
      HttpResponse<String> signIn =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(console + "/sign-in")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(200);
      assertThat(signIn.body()).contains("API key");
      HttpResponse<String> accepted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/leads"))
                      .header("Authorization", "Bearer " + StandaloneMain.DEV_API_KEY)
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"contact\":{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\","
                                  + "\"email\":\"ada@example.org\"},\"company\":{\"name\":\"Analytical Engines\"},\"location\":{\"countryCode\":\"US\"}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).isEqualTo(202);
      waitFor(
          out,
          runner,
          "Subject: New lead: Ada Lovelace, Analytical Engines",
          Duration.ofSeconds(60));
      String log = Files.readString(out);
      assertThat(log)
          .contains("ingest key (lead doors): " + StandaloneMain.DEV_API_KEY)
          .contains("admin key: " + StandaloneMain.DEV_ADMIN_KEY)
          .contains("To: alice@example.com")
          .contains("Rule north-america-leads matched")
          // the example SLA policies, not the built-in 5 minutes
          .contains("policy_id=standard");
    } finally {
      stop(runner);
    }
    String firstRun = Files.readString(out);
    assertThat(firstRun)
        .as("logback's own configuration status is not printed")
        .doesNotContain("|-INFO in ch.qos.logback")
        .doesNotContain("|-WARN in ch.qos.logback");
    assertCleanStop(firstRun);

    // a restart on the same data: migrations say where the schemas are, and the stop is clean again
    Path again = home.resolve("runner-again.log");
    Process restarted = start(jar, home, ports, again);
    try {
      waitFor(again, restarted, "leadrouter is running.", Duration.ofMinutes(2));
    } finally {
      stop(restarted);
    }
    String secondRun = Files.readString(again);
    assertThat(secondRun)
        .contains("schema routing is up to date at version")
        .doesNotContain("version null");
    assertCleanStop(secondRun);

    // a port taken by another process: one line that says so, a clean stop, exit code 1
    Path blocked = home.resolve("runner-blocked.log");
    try (java.net.ServerSocket squatter =
        new java.net.ServerSocket(
            ports.get("SLA_HTTP_PORT"), 50, java.net.InetAddress.getByName("0.0.0.0"))) {
      Process refused = start(jar, home, ports, blocked);
      if (!refused.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
        refused.destroyForcibly().waitFor();
        throw new AssertionError(
            "runner kept running with a port taken:\n" + Files.readString(blocked));
      }
      assertThat(refused.exitValue()).as(Files.readString(blocked)).isEqualTo(1);
    }
    String blockedRun = Files.readString(blocked);
    assertThat(blockedRun)
        .contains("leadrouter could not start: a port it needs is in use")
        .doesNotContain("Exception in thread \"main\"");
    assertCleanStop(blockedRun);
  }

  /** Services stopped before PostgreSQL: none of them lost its connection on the way out. */
  private static void assertCleanStop(String log) {
    assertThat(log)
        .contains("leadrouter stopped.")
        .doesNotContain("FATAL")
        .doesNotContain("terminating connection")
        .doesNotContain("could not release SLA clock leases")
        .doesNotContain("shutdown incomplete")
        .doesNotContain("Unhandled exception");
  }

  private static Process start(Path jar, Path home, Map<String, Integer> ports, Path out)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
            .directory(Path.of("../..").toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("LEADROUTER_HOME", home.toString());
    ports.forEach((name, port) -> pb.environment().put(name, String.valueOf(port)));
    return pb.start();
  }

  /** SIGTERM, as Ctrl-C or a service manager would stop it. */
  private static void stop(Process runner) throws Exception {
    runner.destroy();
    if (!runner.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
      runner.destroyForcibly().waitFor();
      throw new AssertionError("runner did not stop within 90 s of SIGTERM");
    }
  }

  private static void waitFor(Path log, Process p, String text, Duration timeout) throws Exception {
    Instant until = Instant.now().plus(timeout);
    while (Instant.now().isBefore(until)) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      assertThat(p.isAlive())
          .as("runner exited; its output:%n%s", Files.exists(log) ? Files.readString(log) : "")
          .isTrue();
      Thread.sleep(250);
    }
    throw new AssertionError(
        "'" + text + "' not printed within " + timeout + "; output:\n" + Files.readString(log));
  }

  private static int freePort() throws Exception {
    return StackFixture.freePort();
  }
}
