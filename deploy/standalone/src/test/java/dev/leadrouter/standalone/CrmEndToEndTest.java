package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.testing.crm.FakeHubSpot;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.ListDeliveriesRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Leads created in Salesforce and HubSpot come in, are routed by the example matrix, and their
 * owner is written back, once; the four services run for real against local CRM servers.
 */
class CrmEndToEndTest {
  private static final Duration WITHIN = Duration.ofSeconds(40);
  private static CrmFixture crm;

  @BeforeAll
  static void start() throws Exception {
    crm = new CrmFixture(Map.of("SALESFORCE_CREATE_TASK", "true", "HUBSPOT_CREATE_TASK", "true"));
  }

  @AfterAll
  static void stop() throws Exception {
    crm.close();
  }

  @Test
  void aLeadCreatedInSalesforceIsPolledRoutedAndItsOwnerSetOnce() throws Exception {
    String record =
        crm.salesforce.createLead(
            new JsonObject()
                .put("FirstName", "Grace")
                .put("LastName", "Hopper")
                .put("Email", "grace@navy.example")
                .put("Company", "Navy")
                .put("Country", "US"),
            crm.integrationUser,
            Instant.now());

    await().atMost(WITHIN).until(() -> crm.leadIdOf("SALESFORCE", record) != null);
    String leadId = crm.leadIdOf("SALESFORCE", record);
    await().atMost(WITHIN).until(() -> !crm.integrationUser.equals(crm.salesforce.ownerOf(record)));
    Assignment assignment = crm.currentAssignment(leadId);
    assertThat(assignment.getQueueId()).isEqualTo("north-america");
    assertThat(crm.salesforce.ownerOf(record))
        .isEqualTo(crm.salesforceUser.get(assignment.getRepId()));
    awaitCrmDelivery(assignment, DeliveryStatus.DELIVERY_STATUS_SENT);
    assertThat(crm.salesforce.ownerChangesOf(record)).isEqualTo(1);
    // The owner got one follow-up Task saying why the lead is theirs.
    await().atMost(WITHIN).until(() -> !crm.salesforce.tasksOf(record).isEmpty());
    JsonObject task = crm.salesforce.tasksOf(record).get(0);
    assertThat(task.getString("OwnerId")).isEqualTo(crm.salesforceUser.get(assignment.getRepId()));
    assertThat(task.getString("Description")).contains(assignment.getReason());
    assertThat(crm.salesforce.tasksOf(record)).hasSize(1);
    // The rep was told by email too, and our own write-back did not come back in as a new lead.
    await().atMost(WITHIN).until(() -> crm.stack.smtp.getReceivedMessages().length >= 1);
    assertThat(crm.count("SELECT count(*) FROM capture.leads WHERE source_id = 'salesforce'"))
        .isEqualTo(1);
    assertThat(crm.salesforce.violations()).isEmpty();
  }

  @Test
  void aSignedHubSpotContactCreationIsRoutedAndWrittenBackAndAForgedOneRefused() throws Exception {
    String contact =
        crm.hubspot.createContact(
            new JsonObject()
                .put("email", "ada@engines.example")
                .put("firstname", "Ada")
                .put("lastname", "Lovelace")
                .put("company", "Analytical Engines")
                .put("country", "DE"),
            null);
    String body = FakeHubSpot.creationEvents(62515, contact);
    assertThat(webhook(body, FakeHubSpot.CLIENT_SECRET).statusCode()).isEqualTo(204);

    await().atMost(WITHIN).until(() -> crm.hubspot.ownerOf(contact) != null);
    Assignment assignment = crm.currentAssignment(crm.leadIdOf("HUBSPOT", contact));
    assertThat(assignment.getQueueId()).isEqualTo("emea");
    assertThat(crm.hubspot.ownerOf(contact)).isEqualTo(crm.hubspotOwner.get(assignment.getRepId()));
    awaitCrmDelivery(assignment, DeliveryStatus.DELIVERY_STATUS_SENT);
    assertThat(crm.hubspot.ownerChangesOf(contact)).isEqualTo(1);
    await().atMost(WITHIN).until(() -> !crm.hubspot.tasksOf(contact).isEmpty());
    assertThat(crm.hubspot.tasksOf(contact)).hasSize(1);
    assertThat(
            crm.hubspot
                .tasksOf(contact)
                .get(0)
                .getJsonObject("properties")
                .getString("hs_task_body"))
        .contains(assignment.getReason());

    String other =
        crm.hubspot.createContact(new JsonObject().put("email", "eve@forged.example"), null);
    HttpResponse<Buffer> forged =
        webhook(FakeHubSpot.creationEvents(62515, other), "guessed-secret-0000");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(
            crm.count("SELECT count(*) FROM capture.crm_inbound WHERE record_id = '" + other + "'"))
        .isZero();
    assertThat(crm.hubspot.violations()).isEmpty();
  }

  @Test
  void aNewCrmRecordOfAPersonAlreadyRoutedGetsThatLeadsOwnerOnce() throws Exception {
    String email = "margaret@apollo.example";
    String contact =
        crm.hubspot.createContact(
            new JsonObject()
                .put("email", email)
                .put("firstname", "Margaret")
                .put("lastname", "Hamilton")
                .put("company", "Apollo")
                .put("country", "US"),
            null);
    assertThat(webhook(FakeHubSpot.creationEvents(62515, contact), FakeHubSpot.CLIENT_SECRET))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(204);
    await().atMost(WITHIN).until(() -> crm.hubspot.ownerOf(contact) != null);
    String leadId = crm.leadIdOf("HUBSPOT", contact);
    Assignment assignment = crm.currentAssignment(leadId);
    String rep = assignment.getRepId();

    // The same person is entered in Salesforce by hand, and imported into HubSpot once more: both
    // records merge into the routed lead and get its owner.
    String record =
        crm.salesforce.createLead(
            new JsonObject()
                .put("FirstName", "Margaret")
                .put("LastName", "Hamilton")
                .put("Email", email)
                .put("Company", "Apollo"),
            crm.integrationUser,
            Instant.now());
    String duplicate =
        crm.hubspot.createContact(
            new JsonObject().put("email", email).put("lastname", "Hamilton"), null);
    assertThat(webhook(FakeHubSpot.creationEvents(62515, duplicate), FakeHubSpot.CLIENT_SECRET))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(204);

    await().atMost(WITHIN).until(() -> leadId.equals(crm.leadIdOf("SALESFORCE", record)));
    await().atMost(WITHIN).until(() -> leadId.equals(crm.leadIdOf("HUBSPOT", duplicate)));
    awaitCrmDeliveries(assignment, 3, DeliveryStatus.DELIVERY_STATUS_SENT);
    assertThat(crm.salesforce.ownerOf(record)).isEqualTo(crm.salesforceUser.get(rep));
    assertThat(crm.hubspot.ownerOf(duplicate)).isEqualTo(crm.hubspotOwner.get(rep));
    assertThat(crm.salesforce.ownerChangesOf(record)).isEqualTo(1);
    assertThat(crm.hubspot.ownerChangesOf(duplicate)).isEqualTo(1);
    assertThat(crm.hubspot.ownerChangesOf(contact)).isEqualTo(1);
    // The owner's follow-up task is on the lead's own record; the merged records ask for none.
    assertThat(
            crm.count(
                "SELECT count(*) FROM notify.crm_follow_up_tasks WHERE record_id IN ('"
                    + record
                    + "', '"
                    + duplicate
                    + "')"))
        .isZero();
    // One person, one lead; our write-backs did not come back in as new records.
    assertThat(crm.count("SELECT count(*) FROM capture.leads WHERE email = '" + email + "'"))
        .isEqualTo(1);
    assertThat(crm.salesforce.violations()).isEmpty();
    assertThat(crm.hubspot.violations()).isEmpty();
  }

  private static void awaitCrmDeliveries(Assignment a, int count, DeliveryStatus status) {
    await()
        .atMost(WITHIN)
        .ignoreExceptions()
        .until(
            () -> {
              List<Delivery> owners = crmOwnerDeliveries(a);
              return owners.size() == count
                  && owners.stream().allMatch(d -> d.getStatus() == status);
            });
  }

  /** The assignment's CRM owner write-backs as notify lists them now. */
  private static List<Delivery> crmOwnerDeliveries(Assignment a) throws Exception {
    return crm
        .stack
        .call(
            "NOTIFY",
            NotifyServiceGrpcClient.ListDeliveries,
            ListDeliveriesRequest.newBuilder().setAssignmentId(a.getAssignmentId()).build())
        .getDeliveriesList()
        .stream()
        .filter(d -> d.getChannel() == Channel.CHANNEL_CRM_OWNER)
        .toList();
  }

  private static HttpResponse<Buffer> webhook(String body, String secret) throws Exception {
    long now = System.currentTimeMillis();
    return StackFixture.await(
        WebClient.create(crm.stack.vertx)
            .post(crm.services.capture.httpPort(), "127.0.0.1", "/v1/crm/hubspot/webhook")
            .putHeader("Content-Type", "application/json")
            .putHeader("X-HubSpot-Request-Timestamp", Long.toString(now))
            .putHeader(
                "X-HubSpot-Signature-v3",
                FakeHubSpot.signatureV3(secret, "POST", CrmFixture.WEBHOOK_URL, body, now))
            .sendBuffer(Buffer.buffer(body)));
  }

  private static void awaitCrmDelivery(Assignment a, DeliveryStatus status) {
    await()
        .atMost(WITHIN)
        .ignoreExceptions()
        .until(() -> crmOwnerDeliveries(a).stream().anyMatch(d -> d.getStatus() == status));
  }
}
