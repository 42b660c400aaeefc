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
import org.junit.jupiter.api.Test;

/**
 * The README's "run it" for real: the packaged runner jar starts as its own process (local
 * PostgreSQL, dev mailbox, example team and matrix), takes a lead over HTTP and prints the rep's
 * email. Runs after packaging (failsafe), so a dependency missing from the jar fails the build.
 */
class RunnerJarIT {

  @Test
  void packagedRunnerRoutesALeadToTheDevMailbox() throws Exception {
    Path jar = Path.of("target/leadrouter-standalone.jar");
    assertThat(jar).exists();
    Path home = Files.createTempDirectory("leadrouter-home");
    Path out = home.resolve("runner.log");
    int http = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
            .directory(Path.of("../..").toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("LEADROUTER_HOME", home.toString());
    pb.environment().put("LEADROUTER_LOCAL_PG_PORT", String.valueOf(freePort()));
    pb.environment().put("LEADROUTER_DEV_SMTP_PORT", String.valueOf(freePort()));
    pb.environment().put("CAPTURE_HTTP_PORT", String.valueOf(http));
    for (String s :
        new String[] {
          "CAPTURE_GRPC",
          "ROUTING_GRPC",
          "ROUTING_HTTP",
          "NOTIFY_GRPC",
          "NOTIFY_HTTP",
          "SLA_GRPC",
          "SLA_HTTP",
          "CONSOLE_HTTP"
        }) {
      pb.environment().put(s + "_PORT", String.valueOf(freePort()));
    }
    Process runner = pb.start();
    try {
      waitFor(out, runner, "leadrouter is running.", Duration.ofMinutes(2));
      // The runner serves the operator console and prints where.
      String console = "http://localhost:" + pb.environment().get("CONSOLE_HTTP_PORT");
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
          .contains("To: alice@example.com")
          .contains("Rule north-america-leads matched");
    } finally {
      runner.destroy();
      runner.waitFor();
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
