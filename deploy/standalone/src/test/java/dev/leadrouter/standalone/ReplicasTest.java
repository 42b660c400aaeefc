package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of every service against one PostgreSQL, as a horizontally scaled deployment runs:
 * both captures relay one outbox, both routers share the round-robin state, both notifiers share
 * the deliveries and both SLA schedulers compete for the same clocks. Thousands of leads later:
 * every lead routed once, round robin still fair, one email per assignment and SLA step, every SLA
 * step fired once.
 */
class ReplicasTest {
  private static final int LEADS = 1200;
  private static final String[] COUNTRIES = {"US", "CA", "GB", "DE", "JP"};

  private StackFixture fixture;
  private Stack a;
  private Stack b;
  private Pool db;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new StackFixture(
            Map.of(
                // short SLA so the whole ladder (warning, breach with manager alert) runs during
                // the test
                "SLA_FIRST_TOUCH_TARGET", "4s",
                "SLA_WARN_BEFORE", "2s",
                "SLA_WEEKLY_REPORT_ENABLED", "false"));
    a = StackFixture.await(new Stack(fixture.vertx, fixture.settings).deploy());
    b =
        StackFixture.await(
            new Stack(fixture.vertx, secondReplicaSettings(fixture.settings)).deploy());
    fixture.loadExamples();
    db =
        PgBuilder.pool()
            .connectingTo(PgConnectOptions.fromUri(fixture.settings.required("LEADROUTER_DB_URL")))
            .using(fixture.vertx)
            .build();
  }

  /**
   * The same deployment's second replica: its own ports, calling its own peers, sharing the
   * database.
   */
  private static Settings secondReplicaSettings(Settings first) throws Exception {
    Map<String, String> ports = new HashMap<>();
    Map<String, Integer> grpc = new HashMap<>();
    for (String service : new String[] {"CAPTURE", "ROUTING", "NOTIFY", "SLA"}) {
      grpc.put(service, StackFixture.freePort());
      ports.put(service + "_GRPC_PORT", String.valueOf(grpc.get(service)));
    }
    ports.putAll(
        LocalPeers.addresses(
            grpc.get("CAPTURE"), grpc.get("ROUTING"), grpc.get("NOTIFY"), grpc.get("SLA")));
    return first.with(ports);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void twoReplicasOfEveryServiceRouteNotifyAndClockEachLeadOnce() throws Exception {
    WebClient web = WebClient.create(fixture.vertx);
    Semaphore inFlight = new Semaphore(32);
    List<Future<Integer>> posts = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      inFlight.acquire();
      int port = (i % 2 == 0 ? a : b).capture.httpPort();
      JsonObject lead =
          new JsonObject()
              .put(
                  "contact",
                  new JsonObject()
                      .put("firstName", "Replica" + i)
                      .put("email", "replica" + i + "@buyer.example"))
              .put(
                  "location", new JsonObject().put("countryCode", COUNTRIES[i % COUNTRIES.length]));
      posts.add(
          web.post(port, "127.0.0.1", "/v1/leads")
              .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
              .putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer(lead.encode()))
              .onComplete(ar -> inFlight.release())
              .map(r -> r.statusCode()));
    }
    StackFixture.await(Future.all(posts));
    // asserted here, not in a callback, where a failure would only be logged
    assertThat(posts).extracting(Future::result).containsOnly(202);

    // New-lead email, SLA warning and the manager's breach alert: three emails per lead.
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> fixture.smtp.getReceivedMessages().length >= 3 * LEADS);

    assertThat(one("SELECT count(*) FROM capture.leads")).isEqualTo(LEADS);
    assertThat(one("SELECT count(*) FROM routing.assignments"))
        .as("one assignment per lead")
        .isEqualTo(LEADS);
    assertThat(one("SELECT count(DISTINCT lead_id) FROM routing.assignments")).isEqualTo(LEADS);

    Map<String, Long> perRep = perRep();
    // US and CA leads alternate between alice and bob; GB and DE between chloe and dmitri.
    assertThat(Math.abs(perRep.get("alice") - perRep.get("bob")))
        .as("round robin fair across replicas: " + perRep)
        .isLessThanOrEqualTo(1);
    assertThat(Math.abs(perRep.get("chloe") - perRep.get("dmitri")))
        .as("round robin fair across replicas: " + perRep)
        .isLessThanOrEqualTo(1);
    assertThat(perRep.get("sam")).isEqualTo(LEADS / COUNTRIES.length);

    assertThat(one("SELECT count(*) FROM sla.clocks"))
        .as("one clock per assignment")
        .isEqualTo(LEADS);
    assertThat(
            one(
                "SELECT count(*) FROM (SELECT clock_id, step FROM sla.clock_steps GROUP BY clock_id, step HAVING count(*) > 1) d"))
        .as("no SLA step fired twice")
        .isZero();
    assertThat(one("SELECT count(*) FROM notify.deliveries WHERE kind = 'SLA_WARNING'"))
        .isEqualTo(LEADS);
    assertThat(one("SELECT count(*) FROM notify.deliveries WHERE kind = 'ESCALATION'"))
        .isEqualTo(LEADS);
    assertThat(one("SELECT count(*) FROM notify.deliveries WHERE kind = 'NEW_LEAD'"))
        .isEqualTo(LEADS);

    // Count emails once no delivery can send again: every one has reached SENT.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> one("SELECT count(*) FROM notify.deliveries WHERE status <> 'SENT'") == 0);
    assertThat(fixture.smtp.getReceivedMessages())
        .as("exactly one email per assignment and SLA step")
        .hasSize(3 * LEADS);
    // Both replicas of the front door and of routing took part.
    assertThat(routeCalls(a)).as("replica A routed leads").isPositive();
    assertThat(routeCalls(b)).as("replica B routed leads").isPositive();
  }

  private Map<String, Long> perRep() throws Exception {
    Map<String, Long> out = new HashMap<>();
    for (Row r :
        StackFixture.await(
            db.query("SELECT rep_id, count(*) FROM routing.assignments GROUP BY rep_id")
                .execute())) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  private static long routeCalls(Stack stack) {
    return stack
        .routing
        .metrics()
        .registry()
        .find("grpc.server.calls")
        .tag("method", "RoutingService/Route")
        .timers()
        .stream()
        .mapToLong(io.micrometer.core.instrument.Timer::count)
        .sum();
  }

  private long one(String sql) throws Exception {
    return StackFixture.await(db.query(sql).execute()).iterator().next().getLong(0);
  }
}
