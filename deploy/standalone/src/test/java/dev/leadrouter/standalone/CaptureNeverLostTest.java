package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.routing.RoutingVerticle;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.ServiceJvm;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lead capture-service acknowledged is routed exactly once, even when the capture process is
 * killed (SIGKILL, no shutdown hook) between committing leads and relaying them while routing is
 * down, and when two capture instances relay one outbox at the same time. "Exactly once" is counted
 * where it matters: assignments per lead in routing's own schema.
 */
class CaptureNeverLostTest {
  private StackFixture fixture;
  private final List<Process> processes = new ArrayList<>();
  private Pool routingDb;
  private Pool captureDb;

  @BeforeEach
  void start() throws Exception {
    fixture = new StackFixture();
    routingDb = schemaPool("routing");
  }

  /** A pool on the stack's database with the given service schema first on the search path. */
  private Pool schemaPool(String schema) {
    return PgBuilder.pool()
        .connectingTo(
            new PgConnectOptions(
                    PgConnectOptions.fromUri(fixture.settings.required("LEADROUTER_DB_URL")))
                .setProperties(Map.of("search_path", schema)))
        .using(fixture.vertx)
        .build();
  }

  private Pool captureDb() {
    if (captureDb == null) {
      captureDb = schemaPool("capture");
    }
    return captureDb;
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor();
    }
    fixture.close();
  }

  /** capture-service as its own JVM, configured through its environment like in production. */
  private Process startCaptureProcess(int httpPort, Path log) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("LEADROUTER_DB_URL", fixture.settings.required("LEADROUTER_DB_URL"));
    env.put("LEADROUTER_INGEST_API_KEYS", "test-client:" + TestSettings.CLIENT_KEY);
    env.put("LEADROUTER_INTERNAL_API_KEY", TestSettings.INTERNAL_KEY);
    env.put("LEADROUTER_BIND_HOST", "127.0.0.1");
    env.put("CAPTURE_HTTP_PORT", String.valueOf(httpPort));
    int managementPort = StackFixture.freePort();
    env.put("CAPTURE_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("CAPTURE_GRPC_PORT", String.valueOf(StackFixture.freePort()));
    env.put("CAPTURE_ROUTING_ADDRESS", "127.0.0.1:" + fixture.ports.get("ROUTING"));
    env.put("CAPTURE_ROUTING_DEADLINE", "2s");
    env.put("LEADROUTER_OUTBOX_POLL_INTERVAL", "200ms");
    env.put("LEADROUTER_OUTBOX_LEASE", "4s");
    env.put("LEADROUTER_SHUTDOWN_GRACE", "1s");
    Process p =
        ServiceJvm.startReady("dev.leadrouter.capture.CaptureMain", env, managementPort, log);
    processes.add(p);
    return p;
  }

  private List<String> postLeads(int httpPort, int count, String tag) throws Exception {
    WebClient web = WebClient.create(fixture.vertx);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      var r =
          StackFixture.await(
              web.post(httpPort, "127.0.0.1", "/v1/leads")
                  .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                  .putHeader("Content-Type", "application/json")
                  .sendBuffer(
                      Buffer.buffer(
                          "{\"contact\":{\"email\":\""
                              + tag
                              + i
                              + "-"
                              + UUID.randomUUID()
                              + "@example.org\"},"
                              + "\"location\":{\"countryCode\":\""
                              + (i % 2 == 0 ? "US" : "DE")
                              + "\"}}")));
      assertThat(r.statusCode()).isEqualTo(202);
      ids.add(r.bodyAsJsonObject().getString("lead_id"));
    }
    return ids;
  }

  /** lead id -> number of assignments routing-service made for it. */
  private Map<String, Long> assignmentsPerLead() throws Exception {
    Map<String, Long> counts = new HashMap<>();
    StackFixture.await(
            routingDb
                .query("SELECT lead_id::text, count(*) FROM assignments GROUP BY lead_id")
                .execute())
        .forEach(row -> counts.put(row.getString(0), row.getLong(1)));
    return counts;
  }

  /**
   * Waits until every accepted lead has an assignment and capture's outbox holds no routing call
   * any more. Every Route call comes from an outbox row, deleted only after routing answered it,
   * and a delivery never outlives its row's lease (the relay's delivery timeout is half the lease):
   * with no row left no further call can come, so the assignments counted next are final. No sleep
   * needed, and a duplicate has nowhere to hide.
   */
  private void awaitEveryLeadRoutedAndNoCallLeft(List<String> accepted) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                assignmentsPerLead().keySet().containsAll(accepted)
                    && routingCallsWaitingInCapture() == 0);
  }

  private long routingCallsWaitingInCapture() throws Exception {
    return StackFixture.await(
            captureDb()
                .query("SELECT count(*) FROM outbox WHERE topic = 'routing.route'")
                .execute())
        .iterator()
        .next()
        .getLong(0);
  }

  private void deployRoutingWithExamples() throws Exception {
    StackFixture.await(fixture.vertx.deployVerticle(new RoutingVerticle(fixture.settings)));
    fixture.loadExamples();
  }

  @Test
  void leadsOfAKilledCaptureProcessAreRoutedExactlyOnce() throws Exception {
    Path logs = Files.createTempDirectory("capture-process");
    int httpPort = StackFixture.freePort();
    Process first = startCaptureProcess(httpPort, logs.resolve("first.log"));
    List<String> accepted = postLeads(httpPort, 40, "killed");

    first.destroyForcibly(); // SIGKILL: no shutdown hook, no drain; its leases on outbox rows just
    // stop
    assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // committed and acknowledged, not relayed: all 40 routing requests wait in capture's outbox
    assertThat(routingCallsWaitingInCapture()).isEqualTo(40);

    startCaptureProcess(httpPort, logs.resolve("second.log"));
    deployRoutingWithExamples();

    awaitEveryLeadRoutedAndNoCallLeft(accepted);
    Map<String, Long> counts = assignmentsPerLead();
    assertThat(counts).containsOnlyKeys(accepted);
    assertThat(counts.values()).allMatch(n -> n == 1);
  }

  @Test
  void twoCaptureInstancesRelayingOneOutboxRouteEachLeadOnce() throws Exception {
    Settings shared = fixture.settings.with(Map.of("LEADROUTER_OUTBOX_BATCH_SIZE", "8"));
    CaptureVerticle a = new CaptureVerticle(shared);
    CaptureVerticle b = new CaptureVerticle(shared);
    StackFixture.await(fixture.vertx.deployVerticle(a));
    StackFixture.await(fixture.vertx.deployVerticle(b));

    // A backlog built while routing is down, then both relays race for it; more leads arrive
    // meanwhile.
    List<String> accepted = new ArrayList<>(postLeads(a.httpPort(), 60, "a"));
    accepted.addAll(postLeads(b.httpPort(), 60, "b"));
    deployRoutingWithExamples();
    accepted.addAll(postLeads(a.httpPort(), 40, "a2"));
    accepted.addAll(postLeads(b.httpPort(), 40, "b2"));

    awaitEveryLeadRoutedAndNoCallLeft(accepted);
    Map<String, Long> counts = assignmentsPerLead();
    assertThat(counts).hasSize(200).containsOnlyKeys(accepted);
    assertThat(counts.values()).allMatch(n -> n == 1);
  }
}
