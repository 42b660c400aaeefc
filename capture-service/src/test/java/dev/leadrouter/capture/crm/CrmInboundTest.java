package dev.leadrouter.capture.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.runtime.testing.crm.FakeHubSpot;
import dev.leadrouter.runtime.testing.crm.FakeSalesforce;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * capture-service's CRM sources against local Salesforce and HubSpot servers: two replicas on one
 * database poll Salesforce from one leased cursor, HubSpot webhooks are verified, and every CRM
 * record becomes exactly one lead carrying its CRM id.
 */
class CrmInboundTest {
  private static final String REGISTERED_URL = "https://leads.example.com/v1/crm/hubspot/webhook";
  private static final Duration WITHIN = Duration.ofSeconds(30);
  // Leads of the polling test; the overlap test's leads are @overlap.example.
  private static final String POLLED_LEADS =
      "SELECT count(*) FROM capture.leads WHERE source_id = 'salesforce'"
          + " AND email NOT LIKE '%@overlap.example'";
  private static Vertx vertx;
  private static FakeSalesforce salesforce;
  private static FakeHubSpot hubspot;
  private static final List<CaptureVerticle> replicas = new ArrayList<>();
  private static final List<Vertx> replicaVertx = new ArrayList<>();
  private static WebClient web;
  private static String dbUrl;
  private static String integrationUser;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    salesforce = new FakeSalesforce(vertx).start();
    hubspot = new FakeHubSpot(vertx, 100).start();
    integrationUser = salesforce.addUser("integration@example.com");
    // Created before capture starts: only the backfill window finds it.
    salesforce.createLead(
        lead("Early", "early@corp.example"), integrationUser, Instant.now().minusSeconds(600));
    dbUrl = TestDatabase.newDatabase();
    Map<String, String> env = new HashMap<>(salesforce.jwtSettings());
    env.putAll(hubspot.settings());
    env.put("HUBSPOT_WEBHOOK_URL", REGISTERED_URL);
    env.put("CAPTURE_SALESFORCE_POLL_INTERVAL", "300ms");
    env.put("CAPTURE_SALESFORCE_BACKFILL", "1h");
    env.put("CAPTURE_SALESFORCE_PAGE_SIZE", "2");
    env.put("CAPTURE_SALESFORCE_POLL_OVERLAP", "2m");
    env.put("CAPTURE_CRM_INBOUND_INTERVAL", "200ms");
    env.put("CAPTURE_ROUTING_ADDRESS", "127.0.0.1:1");
    env.put("LEADROUTER_OUTBOX_POLL_INTERVAL", "1h");
    for (int i = 0; i < 2; i++) {
      Vertx v = Vertx.vertx();
      CaptureVerticle capture = new CaptureVerticle(TestSettings.forDatabase(dbUrl, env));
      done(v.deployVerticle(capture));
      replicas.add(capture);
      replicaVertx.add(v);
    }
    web = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Vertx v : replicaVertx) {
      done(v.close());
    }
    salesforce.stop();
    hubspot.stop();
    done(vertx.close());
  }

  private static JsonObject lead(String last, String email) {
    return new JsonObject()
        .put("FirstName", "Ada")
        .put("LastName", last)
        .put("Email", email)
        .put("Company", "Corp " + last)
        .put("Country", "US")
        .put("LeadSource", "Web");
  }

  @Test
  void salesforceLeadsArePolledOnceEachFromOneLeasedCursor() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          salesforce.createLead(
              lead("Poll" + i, "poll" + i + "@corp.example"), integrationUser, Instant.now()));
    }
    salesforce.expireSessions();
    ids.add(
        salesforce.createLead(
            lead("Late", "late@corp.example"), integrationUser, Instant.now().plusSeconds(1)));
    await()
        .atMost(WITHIN)
        .until(() -> ids.stream().allMatch(id -> leadIdOf("SALESFORCE", id) != null));
    await().atMost(WITHIN).until(() -> count(POLLED_LEADS) >= 7);
    // More polls find nothing new, and each Lead is one captured lead whichever replica polled.
    long polls = salesforce.requests("GET", FakeSalesforce.API + "/query").size();
    await()
        .atMost(WITHIN)
        .until(() -> salesforce.requests("GET", FakeSalesforce.API + "/query").size() > polls + 3);
    assertThat(count(POLLED_LEADS)).isEqualTo(7);
    Lead captured = storedLead(leadIdOf("SALESFORCE", ids.get(0)));
    assertThat(captured.getCrmRecord().getSystem()).isEqualTo(CrmSystem.CRM_SYSTEM_SALESFORCE);
    assertThat(captured.getCrmRecord().getObjectType()).isEqualTo("Lead");
    assertThat(captured.getCrmRecord().getRecordId()).isEqualTo(ids.get(0));
    assertThat(captured.getCrmRecord().getOwnerIdAtCapture()).isEqualTo(integrationUser);
    assertThat(captured.getContact().getEmail()).isEqualTo("poll0@corp.example");
    assertThat(captured.getLocation().getCountryCode()).isEqualTo("US");
    assertThat(count("SELECT count(*) FROM capture.outbox WHERE topic = 'routing.route'"))
        .isGreaterThanOrEqualTo(7);
    assertThat(count("SELECT count(*) FROM capture.crm_cursors WHERE lease_owner IS NOT NULL"))
        .isEqualTo(1);
    assertThat(salesforce.violations()).isEmpty();
  }

  @Test
  void aLeadVisibleOnlyAfterTheCursorPassedItsCreatedDateIsStillTakenInOnce() throws Exception {
    String first =
        salesforce.createLead(
            lead("Before", "before@overlap.example"), integrationUser, Instant.now());
    await().atMost(WITHIN).until(() -> leadIdOf("SALESFORCE", first) != null);
    Instant cursor = cursorTime();
    assertThat(cursor).isAfterOrEqualTo(createdDate(first));

    // Its transaction started (and stamped CreatedDate) a minute before it committed: it shows up
    // only now, behind the cursor.
    String late =
        salesforce.createLead(
            lead("Slow", "slow@overlap.example"), integrationUser, cursor.minusSeconds(60));
    await().atMost(WITHIN).until(() -> leadIdOf("SALESFORCE", late) != null);

    // Later rounds read both again inside the overlap window: still one lead each.
    long polls = salesforce.requests("GET", FakeSalesforce.API + "/query").size();
    await()
        .atMost(WITHIN)
        .until(() -> salesforce.requests("GET", FakeSalesforce.API + "/query").size() > polls + 3);
    // The newest round's first page started the overlap behind the cursor, before the late Lead.
    List<String> roundStarts =
        salesforce.requests("GET", FakeSalesforce.API + "/query").stream()
            .map(q -> URLDecoder.decode(q.query(), StandardCharsets.UTF_8))
            .filter(q -> q.contains("CreatedDate >= "))
            .toList();
    assertThat(roundStarts).isNotEmpty();
    Matcher from =
        Pattern.compile("CreatedDate >= (\\S+Z)").matcher(roundStarts.get(roundStarts.size() - 1));
    assertThat(from.find()).isTrue();
    assertThat(Instant.parse(from.group(1))).isBeforeOrEqualTo(createdDate(late));
    for (String id : List.of(first, late)) {
      assertThat(count("SELECT count(*) FROM capture.leads WHERE external_id = '" + id + "'"))
          .isEqualTo(1);
    }
    assertThat(count("SELECT count(*) FROM capture.leads WHERE email LIKE '%@overlap.example'"))
        .isEqualTo(2);
    assertThat(salesforce.violations()).isEmpty();
  }

  private static Instant cursorTime() {
    return Instant.parse(
        query(
                "SELECT to_char(cursor_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                    + "FROM capture.crm_cursors")
            .get(0));
  }

  private static Instant createdDate(String id) {
    return SalesforcePoller.createdDate(salesforce.record(id));
  }

  @Test
  void aSignedHubSpotContactCreationBecomesOneLeadAndForgedOrStaleCallsAreRefused()
      throws Exception {
    String owner = hubspot.addOwner("queue@example.com");
    String contact =
        hubspot.createContact(
            new JsonObject()
                .put("email", "grace@navy.example")
                .put("firstname", "Grace")
                .put("lastname", "Hopper")
                .put("company", "Navy")
                .put("country", "US"),
            owner);
    String body = FakeHubSpot.creationEvents(62515, contact);

    assertThat(post(body, System.currentTimeMillis(), FakeHubSpot.CLIENT_SECRET).statusCode())
        .isEqualTo(204);
    // HubSpot retries a call it saw fail; a repeat is still one lead.
    assertThat(post(body, System.currentTimeMillis(), FakeHubSpot.CLIENT_SECRET).statusCode())
        .isEqualTo(204);
    await().atMost(WITHIN).until(() -> leadIdOf("HUBSPOT", contact) != null);
    Lead captured = storedLead(leadIdOf("HUBSPOT", contact));
    assertThat(captured.getCrmRecord().getRecordId()).isEqualTo(contact);
    assertThat(captured.getCrmRecord().getObjectType()).isEqualTo("contacts");
    assertThat(captured.getCrmRecord().getOwnerIdAtCapture()).isEqualTo(owner);
    assertThat(captured.getContact().getLastName()).isEqualTo("Hopper");
    assertThat(count("SELECT count(*) FROM capture.leads WHERE source_id = 'hubspot'"))
        .isEqualTo(1);

    String other = hubspot.createContact(new JsonObject().put("email", "x@corp.example"), null);
    String otherBody = FakeHubSpot.creationEvents(62515, other);
    HttpResponse<Buffer> forged = post(otherBody, System.currentTimeMillis(), "not-the-app-secret");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.getHeader("content-type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> stale =
        post(
            otherBody,
            System.currentTimeMillis() - Duration.ofMinutes(6).toMillis(),
            FakeHubSpot.CLIENT_SECRET);
    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(stale.bodyAsJsonObject().getString("detail")).contains("5-minute window");
    HttpResponse<Buffer> unsigned = done(web.postAbs(url()).sendBuffer(Buffer.buffer(otherBody)));
    assertThat(unsigned.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> malformed =
        post("{\"not\":\"an array\"}", System.currentTimeMillis(), FakeHubSpot.CLIENT_SECRET);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(count("SELECT count(*) FROM capture.crm_inbound WHERE record_id = '" + other + "'"))
        .isZero();
    assertThat(hubspot.violations()).isEmpty();
  }

  @Test
  void anApiCallerCannotPointALeadAtACrmRecord() throws Exception {
    JsonObject lead =
        new JsonObject()
            .put(
                "contact",
                new JsonObject().put("lastName", "Mallory").put("email", "mallory@corp.example"))
            .put(
                "crmRecord",
                new JsonObject()
                    .put("system", "CRM_SYSTEM_SALESFORCE")
                    .put("objectType", "Lead")
                    .put("recordId", "00Q5g00000ZZZZZAAA"));
    HttpResponse<Buffer> r =
        done(
            web.postAbs("http://127.0.0.1:" + replicas.get(0).httpPort() + "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .sendJsonObject(lead));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(storedLead(r.bodyAsJsonObject().getString("lead_id")).hasCrmRecord()).isFalse();
  }

  @Test
  void otherSubscriptionTypesAreAcknowledgedAndIgnored() throws Exception {
    String body =
        "[{\"eventId\":9,\"subscriptionType\":\"contact.propertyChange\",\"objectId\":123,\"propertyName\":\"hubspot_owner_id\",\"propertyValue\":\"7\",\"portalId\":1,\"occurredAt\":1}]";
    assertThat(post(body, System.currentTimeMillis(), FakeHubSpot.CLIENT_SECRET).statusCode())
        .isEqualTo(204);
    assertThat(count("SELECT count(*) FROM capture.crm_inbound WHERE record_id = '123'")).isZero();
  }

  private static String url() {
    return "http://127.0.0.1:" + replicas.get(1).httpPort() + "/v1/crm/hubspot/webhook";
  }

  private static HttpResponse<Buffer> post(String body, long timestamp, String secret)
      throws Exception {
    String signature = FakeHubSpot.signatureV3(secret, "POST", REGISTERED_URL, body, timestamp);
    return done(
        web.postAbs(url())
            .putHeader("Content-Type", "application/json")
            .putHeader("X-HubSpot-Signature-v3", signature)
            .putHeader("X-HubSpot-Request-Timestamp", Long.toString(timestamp))
            .sendBuffer(Buffer.buffer(body)));
  }

  private static String leadIdOf(String crm, String recordId) {
    List<String> ids =
        query(
            "SELECT lead_id FROM capture.crm_inbound WHERE crm = '"
                + crm
                + "' AND record_id = '"
                + recordId
                + "' AND done_at IS NOT NULL");
    return ids.isEmpty() ? null : ids.get(0);
  }

  private static Lead storedLead(String leadId) throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(dbUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT lead FROM capture.leads WHERE lead_id = '" + leadId + "'")) {
      rs.next();
      return Lead.parseFrom(rs.getBytes(1));
    }
  }

  private static long count(String sql) {
    return Long.parseLong(query(sql).get(0));
  }

  private static List<String> query(String sql) {
    try {
      return rows(sql);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> rows(String sql) throws Exception {
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

  private static <T> T done(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
