package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code leadrouter} command run as a separate process against the four running services, the
 * way an operator or a CI job runs it: a broken matrix fails with its paths, a matrix is diffed,
 * published and simulated, a rep marked out of office gets no more leads, a lead is erased.
 */
class CliTest {
  private static StackFixture fixture;
  private static Stack stack;
  @TempDir static Path dir;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture();
    stack = fixture.deployWithExamples();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  static Run cli(String... args) throws Exception {
    return cliWithKey(TestSettings.ADMIN_KEY, args);
  }

  static Run cliWithKey(String key, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Short-lived process: C1 only and the serial collector start it in about half the time.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(cliClassPath());
    command.add("dev.leadrouter.cli.LeadrouterCli");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("LEADROUTER_CAPTURE_URL", "http://127.0.0.1:" + stack.capture.httpPort());
    env.put("LEADROUTER_ROUTING_URL", "http://127.0.0.1:" + stack.routing.httpPort());
    env.put("LEADROUTER_NOTIFY_URL", "http://127.0.0.1:" + stack.notify.httpPort());
    env.put("LEADROUTER_SLA_URL", "http://127.0.0.1:" + stack.sla.httpPort());
    env.put("LEADROUTER_API_KEY", key);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("leadrouter %s finished", args[0]).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The CLI's own jars only, as in its shaded jar: no Vert.x, gRPC or services. */
  private static String cliClassPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (e.contains("cli")
          || e.contains("picocli")
          || e.contains("jackson")
          || e.contains("snakeyaml")) {
        entries.add(e);
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static String exampleMatrix() throws IOException {
    return Files.readString(Path.of("../../examples/routing-matrix.yaml"));
  }

  @Test
  void aBrokenMatrixFailsWithItsPaths() throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(
        broken,
        exampleMatrix()
            .replace(
                "strategy: round_robin\n    members: [alice, bob]",
                "strategy: nope\n    members: [alice, ghost]"));
    Run r = cli("matrix", "validate", broken.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("queues[0].strategy").contains("queues[0].members");

    Run missing = cli("matrix", "validate", dir.resolve("nope.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
  }

  @Test
  void aMatrixIsDiffedPublishedAndSimulated() throws Exception {
    Path changed = dir.resolve("routing-matrix.yaml");
    Files.writeString(
        changed,
        exampleMatrix()
            .replace("priority: 20", "priority: 15")
            .replace(
                "catch_all_queue: catch-all",
                "  - id: germany\n    priority: 5\n    when: lead.location.country_code == 'DE'\n"
                    + "    queue: emea\ncatch_all_queue: catch-all"));
    assertThat(cli("matrix", "validate", changed.toString()).exit()).isZero();

    Run diff = cli("matrix", "diff", changed.toString());
    assertThat(diff.exit()).as(diff.err()).isEqualTo(1);
    assertThat(diff.out())
        .contains("+ rule germany")
        .contains("~ rule emea-leads: priority: 20 -> 15");

    Run published = cli("matrix", "publish", changed.toString(), "--comment", "germany first");
    assertThat(published.exit()).as(published.err()).isZero();
    assertThat(published.out()).startsWith("published version ");
    assertThat(cli("matrix", "diff", changed.toString()).exit()).isZero();
    assertThat(cli("matrix", "history").out()).contains("germany first");

    Run simulated = cli("matrix", "simulate", "--country", "DE");
    assertThat(simulated.exit()).as(simulated.err()).isZero();
    assertThat(simulated.out()).contains("rule:   germany").contains("queue:  emea");

    Run json = cli("--json", "matrix", "simulate", "--country", "US");
    JsonNode assignment = new ObjectMapper().readTree(json.out()).path("assignment");
    assertThat(assignment.path("queueId").asText()).isEqualTo("north-america");
  }

  @Test
  void aRepOutOfOfficeGetsNoLeadsAndALeadIsErased() throws Exception {
    Run ooo = cli("reps", "ooo", "alice", "--until", "7d", "--note", "vacation");
    assertThat(ooo.exit()).as(ooo.err()).isZero();
    JsonNode reps = new ObjectMapper().readTree(cli("reps", "list", "--json").out()).path("reps");
    JsonNode alice = null;
    for (JsonNode r : reps) {
      if (r.path("repId").asText().equals("alice")) {
        alice = r;
      }
    }
    assertThat(alice.path("outOfOffice")).hasSize(1);
    assertThat(alice.path("email").asText()).isEqualTo("alice@example.com");
    assertThat(cli("reps", "list").out()).containsPattern("alice .* until ");

    List<String> owners = new ArrayList<>();
    String lastLead = null;
    WebClient web = WebClient.create(fixture.vertx);
    for (int i = 0; i < 3; i++) {
      lastLead = captureUsLead("ooo-" + i + "@acme-cli.example");
      String path = "/v1/leads/" + lastLead + "/assignment";
      var assignment =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () ->
                      StackFixture.await(
                          web.get(stack.routing.httpPort(), "127.0.0.1", path)
                              .putHeader("Authorization", "Bearer " + TestSettings.READ_KEY)
                              .send()),
                  r -> r.statusCode() == 200);
      owners.add(assignment.bodyAsJsonObject().getString("repId"));
    }
    assertThat(owners).as("alice is out of office").containsOnly("bob");
    assertThat(cli("leads", "get", lastLead).out()).contains("owner:    bob (queue north-america)");

    Run tail = cli("assignments", "tail", "--since", "1h", "--count", "3");
    assertThat(tail.exit()).isZero();
    assertThat(tail.out()).contains("-> bob").contains("why: ");

    assertThat(cli("sla", "report", "--by", "queue").exit()).isZero();
    assertThat(cli("dead-letters", "list").exit()).isZero();
    assertThat(cli("reps", "status", "bob", "away").out()).contains("bob is away");
    assertThat(cli("reps", "status", "bob", "available").exit()).isZero();

    Run erased = cli("leads", "erase", lastLead, "--reason", "GDPR request 42");
    assertThat(erased.exit()).as(erased.err()).isZero();
    assertThat(cli("leads", "get", lastLead).exit()).isEqualTo(3);
  }

  @Test
  void exitCodesTellWhatWentWrong() throws Exception {
    assertThat(cliWithKey("not-the-right-key-at-all", "reps", "list").exit()).isEqualTo(4);
    assertThat(cli("reps", "status", "nobody", "away").exit()).isEqualTo(3);
    assertThat(cli("reps", "status", "alice", "sleeping").exit()).isEqualTo(2);
    assertThat(cli("reps", "frobnicate").exit()).isEqualTo(2);
  }

  @Test
  void everyCommandExplainsItselfWithHelp() throws Exception {
    Run help = cli("assignments", "tail", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: leadrouter assignments tail").contains("--rep=");
    Run shortForm = cli("reps", "list", "-h");
    assertThat(shortForm.exit()).isZero();
    assertThat(shortForm.out()).contains("Usage: leadrouter reps list");
  }

  private static String captureUsLead(String email) throws Exception {
    var r =
        StackFixture.await(
            WebClient.create(fixture.vertx)
                .post(stack.capture.httpPort(), "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .sendJsonObject(
                    new JsonObject()
                        .put("contact", new JsonObject().put("email", email))
                        .put("location", new JsonObject().put("countryCode", "US"))));
    assertThat(r.statusCode()).isEqualTo(202);
    String location = r.getHeader("Location");
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
