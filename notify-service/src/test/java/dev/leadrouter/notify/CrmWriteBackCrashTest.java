package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.runtime.testing.crm.FakeSalesforce;
import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.CrmUserIds;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.Rep;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 of the connector mid-batch: two notify-service replicas (child JVMs, one database) write
 * owners back to a local Salesforce that answers slowly; one replica is killed while collection
 * calls are on the wire, a third starts, and every Lead ends with its owner, set exactly once: a
 * write the dead replica made but never saw answered is found by the read before the retry.
 */
class CrmWriteBackCrashTest {
  private static final int LEADS = 40;

  @Test
  void aKilledConnectorsWriteBacksAreFinishedWithoutWritingAnyOwnerTwice() throws Exception {
    String dbUrl = TestDatabase.newDatabase();
    Vertx vertx = Vertx.vertx();
    FakeSalesforce org = new FakeSalesforce(vertx).start();
    org.delayResponses(400);
    String integration = org.addUser("integration@example.com");
    List<String> reps = List.of(org.addUser("a@sales.example"), org.addUser("b@sales.example"));
    Map<String, String> expected = new LinkedHashMap<>();
    List<NotifyRequest> requests = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      String lead =
          org.createLead(new JsonObject().put("LastName", "L" + i), integration, Instant.now());
      String owner = reps.get(i % 2);
      expected.put(lead, owner);
      requests.add(request(lead, integration, owner));
    }
    Map<String, String> env = environment(dbUrl, org);
    Process first = NotifyReplicas.start(env, "notify-crm-crash-a");
    Process second = NotifyReplicas.start(NotifyReplicas.withOwnPorts(env), "notify-crm-crash-b");
    Process third = null;
    try {
      GrpcClient client = GrpcClient.client(vertx);
      SocketAddress address =
          SocketAddress.inetSocketAddress(
              Integer.parseInt(env.get("NOTIFY_GRPC_PORT")), "127.0.0.1");
      List<Future<?>> calls = new ArrayList<>();
      for (NotifyRequest r : requests) {
        calls.add(
            GrpcCalls.unary(
                client,
                address,
                TestSettings.INTERNAL_KEY,
                NotifyServiceGrpcClient.Notify,
                r,
                Duration.ofSeconds(20)));
      }
      RunningNotify.await(Future.all(calls));
      // Kill while owner writes are on the wire and unanswered.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> !org.requests("PATCH", FakeSalesforce.API).isEmpty());
      first.destroyForcibly().waitFor();
      long sendingAtKill = count(dbUrl, "SENDING");
      third = NotifyReplicas.start(NotifyReplicas.withOwnPorts(env), "notify-crm-crash-c");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> count(dbUrl, "SENT") == LEADS);
      System.out.printf(
          "CRM crash test: %d write-backs in flight at the kill; %d collection calls, %d single PATCHes, %d owner changes for %d Leads%n",
          sendingAtKill,
          org.requests("PATCH", FakeSalesforce.API + "/composite").size(),
          org.requests("PATCH", FakeSalesforce.API + "/sobjects").size(),
          org.ownerChanges().size(),
          LEADS);
      expected.forEach(
          (lead, owner) -> {
            assertThat(org.ownerOf(lead)).as("owner of " + lead).isEqualTo(owner);
            assertThat(org.ownerChangesOf(lead)).as("owner writes of " + lead).isEqualTo(1);
          });
      assertThat(org.violations()).isEmpty();
    } finally {
      first.destroyForcibly().waitFor();
      second.destroyForcibly().waitFor();
      if (third != null) {
        third.destroyForcibly().waitFor();
      }
      org.stop();
      RunningNotify.await(vertx.close());
    }
  }

  private static NotifyRequest request(String lead, String ownerAtCapture, String owner) {
    NotifyRequest base = TestRequests.newLead("rep@sales.example");
    NotifyRequest.Builder b = base.toBuilder();
    b.getLeadBuilder()
        .setCrmRecord(
            CrmRecord.newBuilder()
                .setSystem(CrmSystem.CRM_SYSTEM_SALESFORCE)
                .setObjectType("Lead")
                .setRecordId(lead)
                .setOwnerIdAtCapture(ownerAtCapture));
    b.getAssignmentBuilder()
        .setAssignmentId(b.getAssignmentId())
        .setRep(
            Rep.newBuilder()
                .setRepId("ana")
                .setCrmUserIds(CrmUserIds.newBuilder().setSalesforceUserId(owner)));
    return b.setAssignmentId(UUID.randomUUID().toString())
        .setAssignment(b.getAssignment().toBuilder().setAssignmentId(b.getAssignmentId()))
        .build();
  }

  private static Map<String, String> environment(String dbUrl, FakeSalesforce org) {
    Map<String, String> env = NotifyReplicas.environment(dbUrl, "6s");
    env.putAll(org.jwtSettings());
    env.put("LEADROUTER_ADMIN_API_KEYS", "test-admin:" + TestSettings.ADMIN_KEY);
    env.put("SALESFORCE_TIMEOUT", "900ms");
    env.put("NOTIFY_SLA_ADDRESS", "127.0.0.1:" + RunningNotify.freePort());
    return env;
  }

  private static long count(String dbUrl, String status) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(dbUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM notify.deliveries WHERE channel = 'CRM_OWNER' AND status = '"
                        + status
                        + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
