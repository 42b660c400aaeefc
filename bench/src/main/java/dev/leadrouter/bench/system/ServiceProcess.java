package dev.leadrouter.bench.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One leadrouter service as its own JVM, so the chaos run can {@code kill -9} it like a crashed pod
 * and start it again. Its output goes to a log file beside the report.
 */
final class ServiceProcess {
  private final String name;
  private final String mainClass;
  private final Map<String, String> env;
  private final int managementPort;
  private final Path log;
  private Process process;

  ServiceProcess(
      String name, String mainClass, Map<String, String> env, int managementPort, Path logDir) {
    this.name = name;
    this.mainClass = mainClass;
    this.env = env;
    this.managementPort = managementPort;
    this.log = logDir.resolve(name + ".log");
  }

  String name() {
    return name;
  }

  void start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
  }

  /** CPU used by the earlier processes of this service (before a kill or stop). */
  private Duration earlierCpu = Duration.ZERO;

  /** CPU time used by this service so far, across the restarts of the chaos run. */
  Duration cpuTime() {
    return earlierCpu.plus(currentCpu());
  }

  private Duration currentCpu() {
    return process == null || !process.isAlive()
        ? Duration.ZERO
        : process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** SIGKILL: no shutdown hook, no draining, exactly what a crashed node does. */
  void kill() throws InterruptedException {
    earlierCpu = earlierCpu.plus(currentCpu());
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM and wait: the graceful path. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      earlierCpu = earlierCpu.plus(currentCpu());
      process.destroy();
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    Instant until = Instant.now().plus(timeout);
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
  }
}
