package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.runtime.testing.crm.FakeHubSpot;
import dev.leadrouter.runtime.testing.crm.FakeSalesforce;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.CrmUserIds;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.Rep;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opt-in follow-up tasks and the write-back to a repeat's new CRM record, inside notify-service:
 * real gRPC Notify calls, a real database, and local Salesforce and HubSpot servers that check the
 * documented Task formats. A task is created once, after the owner was written, even when the CRM
 * made it but its answer was lost.
 */
class CrmFollowUpTaskTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final String REASON =
      "Rule us-enterprise matched; round robin picked Ana (next in turn).";
  private static FakeCrms crms;
  private static FakeSalesforce salesforce;
  private static FakeHubSpot hubspot;
  private static RunningNotify notify;
  private static String dbUrl;
  private static String integrationUser;
  private static String ana;
  private static String anaOwner;

  @BeforeAll
  static void start() throws Exception {
    crms = new FakeCrms();
    salesforce = crms.salesforce;
    hubspot = crms.hubspot;
    integrationUser = salesforce.addUser("integration@example.com");
    ana = salesforce.addUser("ana@sales.example");
    anaOwner = hubspot.addOwner("ana@sales.example");
    Map<String, String> env = crms.notifySettings("50ms");
    env.put("SALESFORCE_CREATE_TASK", "true");
    env.put("HUBSPOT_CREATE_TASK", "true");
    env.put("HUBSPOT_TASK_SEARCH_DELAY", "2s");
    dbUrl = TestDatabase.newDatabase();
    notify = RunningNotify.start(RunningNotify.freePort(), env, dbUrl);
  }

  @AfterAll
  static void stop() throws Exception {
    notify.close();
    crms.close();
  }

  private static NotifyRequest newLead(CrmSystem system, String objectType, String recordId) {
    String leadId = UUID.randomUUID().toString();
    NotifyRequest.Builder b = TestRequests.newLead("ana@sales.example").toBuilder();
    b.setLeadId(leadId).setAssignmentId(UUID.randomUUID().toString());
    b.getLeadBuilder()
        .setLeadId(leadId)
        .setCrmRecord(
            CrmRecord.newBuilder()
                .setSystem(system)
                .setObjectType(objectType)
                .setRecordId(recordId)
                .setOwnerIdAtCapture(
                    system == CrmSystem.CRM_SYSTEM_SALESFORCE ? integrationUser : ""));
    b.getAssignmentBuilder()
        .setAssignmentId(b.getAssignmentId())
        .setLeadId(leadId)
        .setRepId("ana")
        .setReason(REASON)
        .setRep(
            Rep.newBuilder()
                .setRepId("ana")
                .setDisplayName("Ana Rep")
                .setEmail("ana@sales.example")
                .setCrmUserIds(
                    CrmUserIds.newBuilder().setSalesforceUserId(ana).setHubspotOwnerId(anaOwner)));
    return b.build();
  }

  private static String newSalesforceLead() {
    return salesforce.createLead(
        new JsonObject().put("LastName", "Hopper").put("Company", "Acme"),
        integrationUser,
        Instant.now());
  }

  private static void notifyAndAwaitOwner(NotifyRequest r) {
    notify.call(NotifyServiceGrpcClient.Notify, r);
    notify.awaitDelivery(
        r.getAssignmentId(),
        Channel.CHANNEL_CRM_OWNER,
        DeliveryStatus.DELIVERY_STATUS_SENT,
        WITHIN);
  }

  private static void awaitTaskStored(String recordId) {
    await()
        .atMost(WITHIN)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM notify.crm_follow_up_tasks WHERE record_id = '"
                            + recordId
                            + "' AND task_id IS NOT NULL")
                    == 1);
  }

  @Test
  void aSalesforceWriteBackCreatesOneTaskForTheOwnerWithTheRoutingWhy() {
    String lead = newSalesforceLead();
    NotifyRequest r = newLead(CrmSystem.CRM_SYSTEM_SALESFORCE, "Lead", lead);
    notifyAndAwaitOwner(r);
    awaitTaskStored(lead);
    // A repeated Notify (routing's outbox after a lost answer) asks for nothing new.
    notify.call(NotifyServiceGrpcClient.Notify, r);

    List<JsonObject> tasks = salesforce.tasksOf(lead);
    assertThat(tasks).hasSize(1);
    JsonObject task = tasks.get(0);
    assertThat(task.getString("OwnerId")).isEqualTo(ana);
    assertThat(salesforce.ownerOf(lead)).isEqualTo(ana);
    assertThat(task.getString("Subject")).endsWith("ref " + r.getAssignmentId());
    assertThat(task.getString("Description")).contains(REASON);
    // Due at the SLA's first-touch deadline (2026-01-01T10:00:00Z in the request).
    assertThat(task.getString("ActivityDate")).isEqualTo("2026-01-01");
    assertThat(salesforce.violations()).isEmpty();
  }

  @Test
  void aSalesforceTaskWhoseAnswerWasLostIsFoundAgainNotCreatedTwice() {
    String lead = newSalesforceLead();
    salesforce.loseNextTaskAnswer();
    NotifyRequest r = newLead(CrmSystem.CRM_SYSTEM_SALESFORCE, "Lead", lead);
    notifyAndAwaitOwner(r);
    awaitTaskStored(lead);

    assertThat(salesforce.tasksOf(lead)).hasSize(1);
    assertThat(
            salesforce.requests("GET", FakeSalesforce.API + "/query").stream()
                .anyMatch(q -> q.query().contains("Task")))
        .as("the retry looked for the Task before creating one")
        .isTrue();
    assertThat(salesforce.violations()).isEmpty();
  }

  @Test
  void aHubSpotWriteBackCreatesOneTaskAssociatedWithTheContact() {
    String contact = hubspot.createContact(new JsonObject().put("email", "t1@example.org"), null);
    NotifyRequest r = newLead(CrmSystem.CRM_SYSTEM_HUBSPOT, "contacts", contact);
    notifyAndAwaitOwner(r);
    awaitTaskStored(contact);

    List<JsonObject> tasks = hubspot.tasksOf(contact);
    assertThat(tasks).hasSize(1);
    JsonObject props = tasks.get(0).getJsonObject("properties");
    assertThat(props.getString("hubspot_owner_id")).isEqualTo(anaOwner);
    assertThat(props.getString("hs_task_subject")).endsWith("ref " + r.getAssignmentId());
    assertThat(props.getString("hs_task_body")).contains(REASON);
    assertThat(props.getString("hs_timestamp")).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(hubspot.violations()).isEmpty();
  }

  @Test
  void aHubSpotTaskWhoseAnswerWasLostIsFoundOnceTheSearchIndexHasIt() {
    String contact = hubspot.createContact(new JsonObject().put("email", "t2@example.org"), null);
    hubspot.searchLag(1000);
    hubspot.loseNextTaskAnswer();
    NotifyRequest r = newLead(CrmSystem.CRM_SYSTEM_HUBSPOT, "contacts", contact);
    notifyAndAwaitOwner(r);
    awaitTaskStored(contact);

    assertThat(hubspot.tasksOf(contact)).hasSize(1);
    assertThat(hubspot.requests("POST", "/crm/v3/objects/tasks/search")).isNotEmpty();
    assertThat(hubspot.violations()).isEmpty();
  }

  @Test
  void aRepeatsNewCrmRecordGetsTheOwnerButNoSecondTask() {
    String first = newSalesforceLead();
    String repeat = newSalesforceLead();
    NotifyRequest assigned = newLead(CrmSystem.CRM_SYSTEM_SALESFORCE, "Lead", first);
    notifyAndAwaitOwner(assigned);
    NotifyRequest activity =
        assigned.toBuilder()
            .setKind(NotificationKind.NOTIFICATION_KIND_REPEAT_ACTIVITY)
            .setEventId(UUID.randomUUID().toString())
            .setRepeatCrmRecord(
                CrmRecord.newBuilder()
                    .setSystem(CrmSystem.CRM_SYSTEM_SALESFORCE)
                    .setObjectType("Lead")
                    .setRecordId(repeat)
                    .setOwnerIdAtCapture(integrationUser))
            .build();
    notify.call(NotifyServiceGrpcClient.Notify, activity);
    await()
        .atMost(WITHIN)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM notify.crm_owner_writes WHERE record_id = '"
                            + repeat
                            + "' AND lead_id = '"
                            + assigned.getLeadId()
                            + "'")
                    == 1);
    assertThat(salesforce.ownerOf(repeat)).isEqualTo(ana);
    assertThat(salesforce.ownerChangesOf(repeat)).isEqualTo(1);
    assertThat(salesforce.ownerChangesOf(first)).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM notify.crm_follow_up_tasks WHERE record_id = '"
                    + repeat
                    + "'"))
        .isZero();
    assertThat(salesforce.violations()).isEmpty();
  }

  private static long count(String sql) {
    return Long.parseLong(query(sql).get(0));
  }

  private static List<String> query(String sql) {
    PgConnectOptions o = PgConnectOptions.fromUri(dbUrl);
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
}
