package dev.leadrouter.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A service's main class started as a JVM of its own on the test's class path, configured through
 * its environment as in production: for the tests that SIGKILL a replica or a whole service.
 */
public final class ServiceJvm {
  private ServiceJvm() {}

  /**
   * Starts {@code mainClass} with {@code env} added to this process's environment; its output goes
   * to {@code log}, or nowhere when {@code log} is null.
   */
  public static Process start(String mainClass, Map<String, String> env, Path log)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(
        log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
    return pb.start();
  }

  /**
   * {@link #start}, then waits until the service's management port answers {@code /health/ready}. A
   * JVM that dies or never gets ready is killed, so it cannot outlive the test.
   */
  public static Process startReady(
      String mainClass, Map<String, String> env, int managementPort, Path log) throws Exception {
    Process p = start(mainClass, env, log);
    try {
      awaitReady(p, managementPort, log);
    } catch (RuntimeException | Error notReady) {
      p.destroyForcibly().waitFor();
      throw notReady;
    }
    return p;
  }

  private static void awaitReady(Process p, int managementPort, Path log) {
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              // fails the wait at once: a JVM that exited will not get ready
              assertThat(p.isAlive()).as("service JVM is running (see %s)", log).isTrue();
              try {
                return http.send(
                            HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (IOException notListeningYet) {
                return false;
              }
            });
  }
}
