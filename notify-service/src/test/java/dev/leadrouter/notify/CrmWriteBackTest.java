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
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.ListDeadLettersRequest;
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
 * The CRM owner write-back end to end inside notify-service: real gRPC Notify calls, a real
 * database, and local Salesforce and HubSpot servers that check every request's format.
 */
class CrmWriteBackTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static FakeCrms crms;
  private static FakeSalesforce salesforce;
  private static FakeHubSpot hubspot;
  private static RunningNotify notify;
  private static String dbUrl;
  private static String integrationUser;
  private static String ana;
  private static String ben;
  private static String anaOwner;
  private static String benOwner;

  @BeforeAll
  static void start() throws Exception {
    crms = new FakeCrms();
    salesforce = crms.salesforce;
    hubspot = crms.hubspot;
    integrationUser = salesforce.addUser("integration@example.com");
    ana = salesforce.addUser("ana@sales.example");
    ben = salesforce.addUser("ben@sales.example");
    anaOwner = hubspot.addOwner("ana@sales.example");
    benOwner = hubspot.addOwner("ben@sales.example");
    Map<String, String> env = crms.notifySettings("100ms");
    dbUrl = TestDatabase.newDatabase();
    notify = RunningNotify.start(RunningNotify.freePort(), env, dbUrl);
  }

  @AfterAll
  static void stop() throws Exception {
    notify.close();
    crms.close();
  }

  private static NotifyRequest assignment(
      CrmSystem system,
      String objectType,
      String recordId,
      String ownerAtCapture,
      String sfUser,
      String hsOwner,
      int sequence,
      String leadId) {
    NotifyRequest base = TestRequests.newLead("ana@sales.example");
    NotifyRequest.Builder b = base.toBuilder().setLeadId(leadId);
    b.getLeadBuilder()
        .setLeadId(leadId)
        .setCrmRecord(
            CrmRecord.newBuilder()
                .setSystem(system)
                .setObjectType(objectType)
                .setRecordId(recordId)
                .setOwnerIdAtCapture(ownerAtCapture));
    b.getAssignmentBuilder()
        .setAssignmentId(b.getAssignmentId())
        .setLeadId(leadId)
        .setRepId("ana")
        .setSequence(sequence)
        .setRep(
            Rep.newBuilder()
                .setRepId("ana")
                .setDisplayName("Ana Rep")
                .setEmail("ana@sales.example")
                .setCrmUserIds(
                    CrmUserIds.newBuilder()
                        .setSalesforceUserId(sfUser)
                        .setHubspotOwnerId(hsOwner)));
    if (sequence > 0) {
      b.setKind(NotificationKind.NOTIFICATION_KIND_REASSIGNMENT)
          .setAssignmentId(UUID.randomUUID().toString());
      b.getAssignmentBuilder().setAssignmentId(b.getAssignmentId());
    }
    return b.build();
  }

  private static NotifyRequest salesforceLead(
      String recordId, String owner, int sequence, String leadId) {
    return assignment(
        CrmSystem.CRM_SYSTEM_SALESFORCE,
        "Lead",
        recordId,
        integrationUser,
        owner,
        "",
        sequence,
        leadId);
  }

  private static String newSalesforceLead() {
    return salesforce.createLead(
        new JsonObject().put("LastName", "Hopper").put("Company", "Acme"),
        integrationUser,
        Instant.now());
  }

  private static Delivery crmDelivery(NotifyRequest r, DeliveryStatus status) {
    notify.call(NotifyServiceGrpcClient.Notify, r);
    return notify.awaitDelivery(r.getAssignmentId(), Channel.CHANNEL_CRM_OWNER, status, WITHIN);
  }

  @Test
  void aSalesforceLeadGetsItsOwnerOnceAndTheDeliveryNamesTheRecord() {
    String lead = newSalesforceLead();
    NotifyRequest r = salesforceLead(lead, ana, 0, UUID.randomUUID().toString());
    Delivery d = crmDelivery(r, DeliveryStatus.DELIVERY_STATUS_SENT);
    assertThat(salesforce.ownerOf(lead)).isEqualTo(ana);
    assertThat(d.getAddress()).isEqualTo("SALESFORCE:Lead:" + lead);
    // A repeated Notify (routing's outbox after a lost answer) writes nothing again.
    notify.call(NotifyServiceGrpcClient.Notify, r);
    assertThat(salesforce.ownerChangesOf(lead)).isEqualTo(1);
    assertThat(salesforce.violations()).isEmpty();
  }

  @Test
  void manyPendingWriteBacksGoOutAsCompositeCollections() {
    List<String> leads = new ArrayList<>();
    List<NotifyRequest> requests = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String lead = newSalesforceLead();
      leads.add(lead);
      requests.add(salesforceLead(lead, i % 2 == 0 ? ana : ben, 0, UUID.randomUUID().toString()));
    }
    int compositeBefore =
        salesforce.requests("PATCH", FakeSalesforce.API + "/composite/sobjects").size();
    requests.parallelStream().forEach(r -> notify.call(NotifyServiceGrpcClient.Notify, r));
    await()
        .atMost(WITHIN)
        .until(() -> leads.stream().allMatch(l -> salesforce.ownerChangesOf(l) == 1));
    for (NotifyRequest r : requests) {
      notify.awaitDelivery(
          r.getAssignmentId(),
          Channel.CHANNEL_CRM_OWNER,
          DeliveryStatus.DELIVERY_STATUS_SENT,
          WITHIN);
    }
    int composites =
        salesforce.requests("PATCH", FakeSalesforce.API + "/composite/sobjects").size()
            - compositeBefore;
    assertThat(composites).as("collection calls for 24 leads").isBetween(1, 12);
    assertThat(salesforce.violations()).isEmpty();
  }

  @Test
  void expiredTokensLocksRateLimitsAndServerErrorsAreRetriedUntilTheOwnerIsWritten() {
    String lead = newSalesforceLead();
    salesforce.expireSessions();
    salesforce.lockRecord(lead, 1);
    salesforce.failNext(
        "GET",
        FakeSalesforce.API + "/query",
        429,
        FakeSalesforce.errors("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded."),
        "1");
    NotifyRequest r = salesforceLead(lead, ben, 0, UUID.randomUUID().toString());
    notify.call(NotifyServiceGrpcClient.Notify, r);
    await().atMost(WITHIN).until(() -> ben.equals(salesforce.ownerOf(lead)));
    salesforce.failNext(
        "PATCH",
        FakeSalesforce.API + "/sobjects",
        503,
        FakeSalesforce.errors("SERVER_UNAVAILABLE", "try later"),
        null);
    String second = newSalesforceLead();
    NotifyRequest r2 = salesforceLead(second, ben, 0, UUID.randomUUID().toString());
    Delivery d = crmDelivery(r2, DeliveryStatus.DELIVERY_STATUS_SENT);
    assertThat(d.getAttempts()).isGreaterThan(1);
    notify.awaitDelivery(
        r.getAssignmentId(),
        Channel.CHANNEL_CRM_OWNER,
        DeliveryStatus.DELIVERY_STATUS_SENT,
        WITHIN);
    assertThat(salesforce.ownerChangesOf(lead)).isEqualTo(1);
    assertThat(salesforce.ownerChangesOf(second)).isEqualTo(1);
    assertThat(salesforce.violations()).isEmpty();
  }

  @Test
  void permanentErrorsAreParkedWithTheCrmsErrorTextInDeadLetters() {
    String lead = newSalesforceLead();
    NotifyRequest badOwner =
        salesforceLead(lead, "005000000000000AAA", 0, UUID.randomUUID().toString());
    Delivery d = crmDelivery(badOwner, DeliveryStatus.DELIVERY_STATUS_FAILED);
    assertThat(d.getLastError()).contains("FIELD_INTEGRITY_EXCEPTION");
    String gone = newSalesforceLead();
    salesforce.deleteRecord(gone);
    Delivery deleted =
        crmDelivery(
            salesforceLead(gone, ana, 0, UUID.randomUUID().toString()),
            DeliveryStatus.DELIVERY_STATUS_FAILED);
    assertThat(deleted.getLastError()).contains("not found");
    NotifyRequest noId = salesforceLead(newSalesforceLead(), "", 0, UUID.randomUUID().toString());
    assertThat(crmDelivery(noId, DeliveryStatus.DELIVERY_STATUS_FAILED).getLastError())
        .contains("SyncCrmUsers");
    List<Delivery> dead =
        notify
            .call(
                NotifyServiceGrpcClient.ListDeadLetters,
                ListDeadLettersRequest.newBuilder().build())
            .getDeliveriesList();
    assertThat(dead)
        .extracting(Delivery::getLastError)
        .anyMatch(e -> e.contains("FIELD_INTEGRITY_EXCEPTION"));
  }

  @Test
  void anOwnerAPersonSetIsKeptRecordedAndReassignmentIsHeld() throws Exception {
    String lead = newSalesforceLead();
    String leadId = UUID.randomUUID().toString();
    crmDelivery(salesforceLead(lead, ana, 0, leadId), DeliveryStatus.DELIVERY_STATUS_SENT);
    salesforce.changeOwnerByHand(lead, ben);
    NotifyRequest reassignment = salesforceLead(lead, integrationUser, 1, leadId);
    Delivery d = crmDelivery(reassignment, DeliveryStatus.DELIVERY_STATUS_SKIPPED);
    assertThat(d.getLastError()).contains("owner changed in Salesforce");
    assertThat(salesforce.ownerOf(lead)).isEqualTo(ben);
    assertThat(salesforce.ownerChangesOf(lead)).isEqualTo(1);
    assertThat(
            query(
                "SELECT crm_owner_id FROM notify.crm_owner_overrides WHERE lead_id = '"
                    + leadId
                    + "'"))
        .containsExactly(ben);
    assertThat(query("SELECT topic FROM notify.outbox WHERE message_key = '" + leadId + "'"))
        .containsExactly("sla.hold_reassignment");
  }

  @Test
  void checkCrmOwnerTellsSlaWhetherAPersonTookTheLeadOver() throws Exception {
    String lead = newSalesforceLead();
    String leadId = UUID.randomUUID().toString();
    crmDelivery(salesforceLead(lead, ana, 0, leadId), DeliveryStatus.DELIVERY_STATUS_SENT);
    dev.leadrouter.v1.CheckCrmOwnerRequest check =
        dev.leadrouter.v1.CheckCrmOwnerRequest.newBuilder().setLeadId(leadId).build();
    assertThat(notify.call(NotifyServiceGrpcClient.CheckCrmOwner, check).getOverridden()).isFalse();
    salesforce.changeOwnerByHand(lead, ben);
    dev.leadrouter.v1.CheckCrmOwnerResponse answer =
        notify.call(NotifyServiceGrpcClient.CheckCrmOwner, check);
    assertThat(answer.getOverridden()).isTrue();
    assertThat(answer.getCrmOwnerId()).isEqualTo(ben);
    assertThat(
            query(
                "SELECT crm_owner_id FROM notify.crm_owner_overrides WHERE lead_id = '"
                    + leadId
                    + "'"))
        .containsExactly(ben);
    String neverWritten = UUID.randomUUID().toString();
    assertThat(
            notify
                .call(
                    NotifyServiceGrpcClient.CheckCrmOwner,
                    dev.leadrouter.v1.CheckCrmOwnerRequest.newBuilder()
                        .setLeadId(neverWritten)
                        .build())
                .getOverridden())
        .isFalse();
  }

  @Test
  void aLateRetryOfAnOlderAssignmentDoesNotUndoAReassignment() {
    String lead = newSalesforceLead();
    String leadId = UUID.randomUUID().toString();
    crmDelivery(salesforceLead(lead, ben, 1, leadId), DeliveryStatus.DELIVERY_STATUS_SENT);
    Delivery late =
        crmDelivery(salesforceLead(lead, ana, 0, leadId), DeliveryStatus.DELIVERY_STATUS_SKIPPED);
    assertThat(late.getLastError()).contains("later assignment");
    assertThat(salesforce.ownerOf(lead)).isEqualTo(ben);
  }

  @Test
  void hubspotContactsGetTheirOwnerSingleAndBatched() {
    List<String> contacts = new ArrayList<>();
    List<NotifyRequest> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String c =
          hubspot.createContact(new JsonObject().put("email", "c" + i + "@example.org"), null);
      contacts.add(c);
      requests.add(
          assignment(
              CrmSystem.CRM_SYSTEM_HUBSPOT,
              "contacts",
              c,
              "",
              "",
              i == 5 ? "999999" : anaOwner,
              0,
              UUID.randomUUID().toString()));
    }
    requests.parallelStream().forEach(r -> notify.call(NotifyServiceGrpcClient.Notify, r));
    for (int i = 0; i < 5; i++) {
      notify.awaitDelivery(
          requests.get(i).getAssignmentId(),
          Channel.CHANNEL_CRM_OWNER,
          DeliveryStatus.DELIVERY_STATUS_SENT,
          WITHIN);
      assertThat(hubspot.ownerOf(contacts.get(i))).isEqualTo(anaOwner);
      assertThat(hubspot.ownerChangesOf(contacts.get(i))).isEqualTo(1);
    }
    Delivery bad =
        notify.awaitDelivery(
            requests.get(5).getAssignmentId(),
            Channel.CHANNEL_CRM_OWNER,
            DeliveryStatus.DELIVERY_STATUS_FAILED,
            WITHIN);
    assertThat(bad.getLastError()).contains("was not a valid owner id");
    assertThat(hubspot.requests("POST", "/crm/v3/objects/contacts/batch/read")).isNotEmpty();
    assertThat(hubspot.violations()).isEmpty();
  }

  @Test
  void hubspot429WithRetryAfterIsWaitedOut() {
    String c = hubspot.createContact(new JsonObject().put("email", "late@example.org"), null);
    hubspot.failNext(
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        429,
        FakeHubSpot.error("RATE_LIMITS", "You have reached your secondly limit."),
        "1");
    NotifyRequest r =
        assignment(
            CrmSystem.CRM_SYSTEM_HUBSPOT,
            "contacts",
            c,
            "",
            "",
            benOwner,
            0,
            UUID.randomUUID().toString());
    Delivery d = crmDelivery(r, DeliveryStatus.DELIVERY_STATUS_SENT);
    assertThat(d.getAttempts()).isGreaterThan(1);
    assertThat(hubspot.ownerOf(c)).isEqualTo(benOwner);
  }

  private static List<String> query(String sql) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(dbUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
