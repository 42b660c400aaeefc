package dev.leadrouter.standalone;

import dev.leadrouter.runtime.testing.crm.FakeHubSpot;
import dev.leadrouter.runtime.testing.crm.FakeSalesforce;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SyncCrmUsersRequest;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole stack connected to a local Salesforce org and HubSpot account whose users are the
 * example team, with reps synced to them.
 */
final class CrmFixture implements AutoCloseable {
  static final String WEBHOOK_URL = "https://leads.example.com/v1/crm/hubspot/webhook";
  static final List<String> TEAM = List.of("alice", "bob", "chloe", "dmitri", "sam", "maria");

  final Vertx fakes = Vertx.vertx();
  final FakeSalesforce salesforce;
  final FakeHubSpot hubspot;
  final Map<String, String> salesforceUser = new HashMap<>();
  final Map<String, String> hubspotOwner = new HashMap<>();
  final String integrationUser;
  final String outsider;
  final StackFixture stack;
  final Stack services;

  CrmFixture(Map<String, String> extra) throws Exception {
    salesforce = new FakeSalesforce(fakes).start();
    hubspot = new FakeHubSpot(fakes, 100).start();
    integrationUser = salesforce.addUser("integration@example.com");
    outsider = salesforce.addUser("zoe@example.com");
    for (String rep : TEAM) {
      salesforceUser.put(rep, salesforce.addUser(rep + "@example.com"));
      hubspotOwner.put(rep, hubspot.addOwner(rep + "@example.com"));
    }
    Map<String, String> env = new HashMap<>(salesforce.jwtSettings());
    env.putAll(hubspot.settings());
    env.put("HUBSPOT_WEBHOOK_URL", WEBHOOK_URL);
    env.put("CAPTURE_SALESFORCE_POLL_INTERVAL", "300ms");
    env.put("CAPTURE_CRM_INBOUND_INTERVAL", "200ms");
    env.put("NOTIFY_CRM_BATCH_WINDOW", "50ms");
    env.putAll(extra);
    stack = new StackFixture(env);
    services = stack.deployWithExamples();
    stack.call(
        "ROUTING", RoutingServiceGrpcClient.SyncCrmUsers, SyncCrmUsersRequest.getDefaultInstance());
  }

  /** The lead capture made of a CRM record; null until it is taken in. */
  String leadIdOf(String crm, String recordId) {
    List<String> ids =
        query(
            "SELECT lead_id FROM capture.crm_inbound WHERE crm = '"
                + crm
                + "' AND record_id = '"
                + recordId
                + "' AND lead_id IS NOT NULL");
    return ids.isEmpty() ? null : ids.get(0);
  }

  Assignment currentAssignment(String leadId) throws Exception {
    return stack.call(
        "ROUTING",
        RoutingServiceGrpcClient.GetAssignment,
        GetAssignmentRequest.newBuilder().setLeadId(leadId).build());
  }

  long count(String sql) {
    return Long.parseLong(query(sql).get(0));
  }

  List<String> query(String sql) {
    PgConnectOptions o = PgConnectOptions.fromUri(stack.settings.required("LEADROUTER_DB_URL"));
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    stack.close();
    salesforce.stop();
    hubspot.stop();
    StackFixture.await(fakes.close());
  }
}
