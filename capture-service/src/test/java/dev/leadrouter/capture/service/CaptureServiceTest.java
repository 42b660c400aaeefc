package dev.leadrouter.capture.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.CaptureServiceGrpcClient;
import dev.leadrouter.v1.EraseLeadRequest;
import dev.leadrouter.v1.GetLeadRequest;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * capture-service against a real PostgreSQL, over real HTTP and gRPC: every source kind,
 * normalization end to end, enrichment (table and a real local HTTP provider), account matching,
 * deduplication under concurrency, spam handling and GDPR erasure. Routing is a TCP port that
 * accepts and never answers, so the relay holds a few rows and nothing is routed here (routing is
 * covered by the end-to-end tests in deploy/standalone).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureServiceTest {
  static final String HUBSPOT_SECRET = "hubspot-secret-0123456789";
  static final String PARTNER_SECRET = "partner-secret-0123456789";
  static final String WEBSITE_KEY = "website-key-0123456789";

  final Vertx vertx = Vertx.vertx();
  final List<JsonObject> providerRequests = new CopyOnWriteArrayList<>();
  WebClient web;
  GrpcClient grpc;
  Pool db;
  CaptureVerticle capture;
  int port;

  @BeforeAll
  void start() throws Exception {
    HttpServer provider =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  JsonObject json = body.toJsonObject();
                                  providerRequests.add(json);
                                  switch (json.getString("domain")) {
                                    case "slow-provider.example" ->
                                        vertx.setTimer(
                                            3000, t -> req.response().setStatusCode(404).end());
                                    case "broken-provider.example" ->
                                        req.response().setStatusCode(500).end("boom");
                                    case "provider-knows.example" ->
                                        req.response()
                                            .putHeader("content-type", "application/json")
                                            .end(
                                                new JsonObject()
                                                    .put("company_name", "Known Inc")
                                                    .put("employee_count", 1200)
                                                    .put("industry", "Retail")
                                                    .put("country", "FR")
                                                    .encode());
                                    default -> req.response().setStatusCode(404).end();
                                  }
                                }))
                .listen(0, "127.0.0.1"));
    NetServer blackHole =
        await(vertx.createNetServer().connectHandler(socket -> {}).listen(0, "127.0.0.1"));

    Path dir = Files.createTempDirectory("capture-test");
    Path sources = dir.resolve("sources.yaml");
    Files.writeString(
        sources,
        """
        sources:
          - id: website
            kind: form
            auth: {api_key_caller: website}
            honeypot: confirm_email
            reject_disposable_email: true
            redirect_hosts: [www.example.com]
          - id: hubspot
            kind: hubspot
            auth: {hmac_secret_env: HUBSPOT_SECRET}
          - id: partner
            kind: mapped
            channel: referral
            auth: {hmac_secret_env: PARTNER_SECRET, replay_window: 2m}
            mapping:
              person.mail: contact.email
              person.name: contact.full_name
              org.site: company.website
        """);
    Path firmographics = dir.resolve("firmographics.csv");
    Files.writeString(
        firmographics,
        "domain,company_name,employee_count,industry,country\n"
            + "tablefirm.example,Table Firm Ltd,250,Manufacturing,GB\n");
    Path accounts = dir.resolve("accounts.csv");
    Files.writeString(accounts, "domain,account_id,owner_rep_id\nbigco.example,acc-42,alice\n");

    var settings =
        TestSettings.fresh(
            Map.ofEntries(
                Map.entry(
                    "LEADROUTER_INGEST_API_KEYS",
                    "test-client:" + TestSettings.CLIENT_KEY + ",website:" + WEBSITE_KEY),
                Map.entry("CAPTURE_SOURCES_FILE", sources.toString()),
                Map.entry("CAPTURE_FIRMOGRAPHICS_FILE", firmographics.toString()),
                Map.entry("CAPTURE_ACCOUNTS_FILE", accounts.toString()),
                Map.entry(
                    "CAPTURE_ENRICHMENT_URL",
                    "http://127.0.0.1:" + provider.actualPort() + "/enrich"),
                Map.entry("CAPTURE_ENRICHMENT_TIMEOUT", "300ms"),
                Map.entry("CAPTURE_ROUTING_ADDRESS", "127.0.0.1:" + blackHole.actualPort()),
                Map.entry("CAPTURE_NOTIFY_ADDRESS", "127.0.0.1:" + blackHole.actualPort()),
                Map.entry("CAPTURE_ROUTING_DEADLINE", "60s"),
                Map.entry("HUBSPOT_SECRET", HUBSPOT_SECRET),
                Map.entry("PARTNER_SECRET", PARTNER_SECRET)));
    capture = new CaptureVerticle(settings);
    await(vertx.deployVerticle(capture));
    port = capture.httpPort();
    web = WebClient.create(vertx);
    grpc = GrpcClient.client(vertx);
    db =
        PgBuilder.pool()
            .connectingTo(
                new PgConnectOptions(
                        PgConnectOptions.fromUri(settings.required("LEADROUTER_DB_URL")))
                    .setProperties(Map.of("search_path", "capture")))
            .using(vertx)
            .build();
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> postJson(String body) throws Exception {
    return await(
        web.post(port, "127.0.0.1", "/v1/leads")
            .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(body)));
  }

  Lead stored(String leadId) throws Exception {
    return await(capture.leads().find(UUID.fromString(leadId)));
  }

  long count(String sql, Object... args) throws Exception {
    return await(db.preparedQuery(sql).execute(Tuple.wrap(args))).iterator().next().getLong(0);
  }

  static String unique(String local, String domain) {
    return local + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
  }

  // ---- JSON API: normalization, enrichment, accounts ------------------------------------------

  @Test
  void jsonLeadIsNormalizedEnrichedAndMatchedToItsAccount() throws Exception {
    String email = unique("Ada.Lovelace", "BigCo.Example");
    var r =
        postJson(
            "{\"contact\":{\"firstName\":\"ada\",\"lastName\":\"LOVELACE\",\"email\":\"  "
                + email
                + " \","
                + "\"phone\":\"(415) 555-0100 ext. 12\"},\"location\":{\"countryCode\":\"United States\",\"regionCode\":\"California\"}}");
    assertThat(r.statusCode()).isEqualTo(202);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("dedupe_outcome")).isEqualTo("DEDUPE_OUTCOME_NEW");
    Lead lead = stored(body.getString("lead_id"));
    assertThat(lead.getContact().getFirstName()).isEqualTo("Ada");
    assertThat(lead.getContact().getLastName()).isEqualTo("Lovelace");
    assertThat(lead.getContact().getEmail()).isEqualTo(email.toLowerCase());
    assertThat(lead.getContact().getPhone()).isEqualTo("+14155550100");
    assertThat(lead.getAttributesMap()).containsEntry("phone_extension", "12");
    assertThat(lead.getLocation().getCountryCode()).isEqualTo("US");
    assertThat(lead.getLocation().getRegionCode()).isEqualTo("US-CA");
    assertThat(lead.getLocation().getTimeZone()).isEqualTo("America/Los_Angeles");
    assertThat(lead.getCompany().getDomain()).isEqualTo("bigco.example");
    assertThat(lead.getAccountId()).isEqualTo("acc-42");
    assertThat(lead.getAccountOwnerRepId()).isEqualTo("alice");
    assertThat(lead.getSource().getSourceId()).isEqualTo("api");
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE topic = 'routing.route' AND message_key = $1",
                lead.getLeadId()))
        .isEqualTo(1);
  }

  @Test
  void normalizeLeadAnswersWhatCaptureWouldStoreAndStoresNothing() throws Exception {
    String email = unique("Jörg", "BigCo.Example");
    var raw =
        dev.leadrouter.v1.Lead.newBuilder()
            .setContact(
                dev.leadrouter.v1.Contact.newBuilder()
                    .setEmail(" " + email.toUpperCase(java.util.Locale.ROOT))
                    .setPhone("call me"))
            .setLocation(dev.leadrouter.v1.Location.newBuilder().setCountryCode("Deutschland"))
            .putAttributes("deal_value", "EUR 12.000,50")
            .build();
    var address = SocketAddress.inetSocketAddress(capture.grpcPort(), "127.0.0.1");
    Lead normalized =
        await(
                GrpcCalls.unary(
                    grpc,
                    address,
                    TestSettings.READ_KEY,
                    CaptureServiceGrpcClient.NormalizeLead,
                    dev.leadrouter.v1.NormalizeLeadRequest.newBuilder().setLead(raw).build(),
                    Duration.ofSeconds(10)))
            .getLead();
    assertThat(normalized.getLeadId()).isEmpty();
    assertThat(normalized.getContact().getEmail())
        .isEqualTo(email.toLowerCase(java.util.Locale.ROOT));
    assertThat(normalized.getContact().getPhone()).isEmpty();
    assertThat(normalized.getFlagsList()).containsExactly("phone_invalid");
    assertThat(normalized.getLocation().getCountryCode()).isEqualTo("DE");
    assertThat(normalized.getDealValue().getCurrencyCode()).isEqualTo("EUR");
    assertThat(normalized.getDealValue().getUnits()).isEqualTo(12_000);
    assertThat(normalized.getAccountId()).isEqualTo("acc-42"); // matched like a captured lead
    assertThat(
            count(
                "SELECT count(*) FROM leads WHERE email = $1", normalized.getContact().getEmail()))
        .isZero();

    var refused =
        GrpcCalls.unary(
                grpc,
                address,
                TestSettings.READ_KEY,
                CaptureServiceGrpcClient.NormalizeLead,
                dev.leadrouter.v1.NormalizeLeadRequest.newBuilder()
                    .setLead(
                        raw.toBuilder().setContact(raw.getContact().toBuilder().setEmail("nope")))
                    .build(),
                Duration.ofSeconds(10))
            .toCompletionStage()
            .toCompletableFuture()
            .handle((ok, e) -> e)
            .get(10, TimeUnit.SECONDS);
    assertThat(GrpcCalls.statusOf(refused))
        .isEqualTo(io.vertx.grpc.common.GrpcStatus.INVALID_ARGUMENT);
  }

  @Test
  void firmographicsTableFillsOnlyWhatIsMissing() throws Exception {
    var r =
        postJson(
            "{\"contact\":{\"email\":\""
                + unique("x", "tablefirm.example")
                + "\"},\"company\":{\"industry\":\"Robots\"}}");
    Lead lead = stored(r.bodyAsJsonObject().getString("lead_id"));
    assertThat(lead.getCompany().getName()).isEqualTo("Table Firm Ltd");
    assertThat(lead.getCompany().getEmployeeCount()).isEqualTo(250);
    assertThat(lead.getCompany().getIndustry()).isEqualTo("Robots");
    assertThat(lead.getLocation().getCountryCode()).isEqualTo("GB");
    assertThat(lead.getFlagsList()).doesNotContain("enrichment_failed");
  }

  @Test
  void httpProviderEnrichesAndOnlyGetsTheDomain() throws Exception {
    String email = unique("y", "provider-knows.example");
    var r = postJson("{\"contact\":{\"email\":\"" + email + "\"}}");
    Lead lead = stored(r.bodyAsJsonObject().getString("lead_id"));
    assertThat(lead.getCompany().getName()).isEqualTo("Known Inc");
    assertThat(lead.getCompany().getEmployeeCount()).isEqualTo(1200);
    assertThat(lead.getLocation().getCountryCode()).isEqualTo("FR");
    assertThat(providerRequests).contains(new JsonObject().put("domain", "provider-knows.example"));
    assertThat(providerRequests.toString()).doesNotContain(email);
  }

  @Test
  void slowOrBrokenProviderFlagsTheLeadAndItGoesOn() throws Exception {
    for (String domain : new String[] {"slow-provider.example", "broken-provider.example"}) {
      long started = System.nanoTime();
      var r = postJson("{\"contact\":{\"email\":\"" + unique("z", domain) + "\"}}");
      assertThat(r.statusCode()).as(domain).isEqualTo(202);
      // answered long before the slow provider's 3 s: the timeout cut the call
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as(domain)
          .isLessThan(Duration.ofMillis(2500));
      Lead lead = stored(r.bodyAsJsonObject().getString("lead_id"));
      assertThat(lead.getFlagsList()).as(domain).contains("enrichment_failed");
      assertThat(count("SELECT count(*) FROM outbox WHERE message_key = $1", lead.getLeadId()))
          .as(domain)
          .isEqualTo(1);
    }
  }

  // ---- Deduplication ---------------------------------------------------------------------------

  @Test
  void samePersonAgainIsMergedRecordedAndNotRoutedAgain() throws Exception {
    String email = unique("grace", "navy.example");
    var first =
        postJson("{\"contact\":{\"email\":\"" + email + "\"},\"productInterests\":[\"analytics\"]}")
            .bodyAsJsonObject();
    var second =
        postJson(
                "{\"contact\":{\"email\":\""
                    + email.toUpperCase()
                    + "\",\"phone\":\"+44 20 7946 0958\","
                    + "\"firstName\":\"Grace\"},\"productInterests\":[\"crm\"]}")
            .bodyAsJsonObject();
    String leadId = first.getString("lead_id");
    assertThat(second.getString("dedupe_outcome")).isEqualTo("DEDUPE_OUTCOME_DUPLICATE_MERGED");
    assertThat(second.getString("lead_id")).isEqualTo(leadId);
    assertThat(second.getString("duplicate_of_lead_id")).isEqualTo(leadId);
    Lead merged = stored(leadId);
    assertThat(merged.getContact().getPhone()).isEqualTo("+442079460958");
    assertThat(merged.getContact().getFirstName()).isEqualTo("Grace");
    assertThat(merged.getProductInterestsList()).containsExactly("analytics", "crm");
    assertThat(merged.hasUpdatedAt()).isTrue();
    assertThat(await(capture.leads().activityCount(UUID.fromString(leadId)))).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE topic = 'routing.route' AND message_key = $1",
                leadId))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM outbox o JOIN lead_activity a ON o.message_key = a.activity_id::text "
                    + "WHERE o.topic = 'capture.repeat_activity' AND a.lead_id = $1",
                UUID.fromString(leadId)))
        .isEqualTo(1);

    // the phone alone also finds the person
    var third =
        postJson(
                "{\"contact\":{\"phone\":\"020 7946 0958\"},\"location\":{\"countryCode\":\"GB\"}}")
            .bodyAsJsonObject();
    assertThat(third.getString("duplicate_of_lead_id")).isEqualTo(leadId);
  }

  @Test
  void simultaneousSubmissionsOfOneNewPersonMakeOneLead() throws Exception {
    String email = unique("burst", "example.org");
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(
          web.post(port, "127.0.0.1", "/v1/leads")
              .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
              .putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("{\"contact\":{\"email\":\"" + email + "\"}}")));
    }
    await(Future.all(calls));
    List<String> outcomes =
        calls.stream().map(f -> f.result().bodyAsJsonObject().getString("dedupe_outcome")).toList();
    assertThat(outcomes).filteredOn("DEDUPE_OUTCOME_NEW"::equals).hasSize(1);
    assertThat(outcomes).filteredOn("DEDUPE_OUTCOME_DUPLICATE_MERGED"::equals).hasSize(19);
    assertThat(count("SELECT count(*) FROM leads WHERE email = $1", email)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM lead_activity WHERE email = $1", email)).isEqualTo(19);
  }

  /**
   * Captures {@code leads} at once over gRPC (one HTTP/2 connection, so they all arrive together).
   */
  List<Future<dev.leadrouter.v1.CaptureLeadResponse>> captureAtOnce(
      List<dev.leadrouter.v1.CaptureLeadRequest> leads) {
    var address = SocketAddress.inetSocketAddress(capture.grpcPort(), "127.0.0.1");
    return leads.stream()
        .map(
            request ->
                GrpcCalls.unary(
                    grpc,
                    address,
                    TestSettings.CLIENT_KEY,
                    CaptureServiceGrpcClient.CaptureLead,
                    request,
                    Duration.ofSeconds(60)))
        .toList();
  }

  static dev.leadrouter.v1.CaptureLeadRequest leadOf(String email, String idempotencyKey) {
    return dev.leadrouter.v1.CaptureLeadRequest.newBuilder()
        .setLead(
            Lead.newBuilder()
                .setContact(
                    dev.leadrouter.v1.Contact.newBuilder().setEmail(email).setFirstName("Group")))
        .setIdempotencyKey(idempotencyKey == null ? "" : idempotencyKey)
        .build();
  }

  @Test
  void leadsArrivingTogetherShareTransactionsAndEachGetsItsOwnAnswer() throws Exception {
    String domain = "grp-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    String keyPrefix = UUID.randomUUID().toString();
    List<dev.leadrouter.v1.CaptureLeadRequest> leads = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      leads.add(leadOf("new" + i + "@" + domain, null));
    }
    for (int person = 0; person < 10; person++) {
      for (int repeat = 0; repeat < 4; repeat++) {
        leads.add(leadOf("again" + person + "@" + domain, null));
      }
    }
    for (int k = 0; k < 10; k++) {
      leads.add(leadOf("keyed" + k + "-first@" + domain, keyPrefix + k));
      leads.add(leadOf("keyed" + k + "-second@" + domain, keyPrefix + k));
    }
    java.util.Collections.shuffle(leads, new java.util.Random(7));

    List<Future<dev.leadrouter.v1.CaptureLeadResponse>> calls = captureAtOnce(leads);
    await(Future.all(calls));

    java.util.Map<String, Long> outcomes =
        calls.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    f -> f.result().getDedupeOutcome().name(),
                    java.util.stream.Collectors.counting()));
    assertThat(outcomes)
        .containsEntry("DEDUPE_OUTCOME_NEW", 180L)
        .containsEntry("DEDUPE_OUTCOME_DUPLICATE_MERGED", 30L)
        .containsEntry("DEDUPE_OUTCOME_IDEMPOTENT_REPLAY", 10L);
    assertThat(count("SELECT count(*) FROM leads WHERE email LIKE $1", "%@" + domain))
        .isEqualTo(180);
    assertThat(count("SELECT count(DISTINCT email) FROM leads WHERE email LIKE $1", "%@" + domain))
        .isEqualTo(180);
    assertThat(count("SELECT count(*) FROM lead_activity WHERE email LIKE $1", "again%@" + domain))
        .isEqualTo(30);
    for (int k = 0; k < 10; k++) {
      String key = keyPrefix + k;
      List<String> ids =
          java.util.stream.IntStream.range(0, leads.size())
              .filter(i -> leads.get(i).getIdempotencyKey().equals(key))
              .mapToObj(i -> calls.get(i).result().getLead().getLeadId())
              .toList();
      assertThat(ids).as("both calls with key %d", k).hasSize(2).containsOnly(ids.get(0));
    }
    // Every lead routed once: one routing request per new lead, none for the merged or replayed.
    assertThat(
            count(
                "SELECT count(*) FROM outbox o JOIN leads l ON o.message_key = l.lead_id::text "
                    + "WHERE o.topic = 'routing.route' AND l.email LIKE $1",
                "%@" + domain))
        .isEqualTo(180);
    // They arrived faster than one transaction each could commit, so some shared one.
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT xmin::text FROM leads WHERE email LIKE $1 "
                    + "GROUP BY xmin::text HAVING count(*) > 1) shared",
                "%@" + domain))
        .isPositive();
  }

  @Test
  void aLeadThatFailsInsideAGroupDoesNotTakeItsNeighboursWithIt() throws Exception {
    // The database refuses one address, as a failing statement would: its group is rolled back,
    // and each of its leads is stored alone.
    await(
        db.query(
                "CREATE OR REPLACE FUNCTION refuse_marked_lead() RETURNS trigger AS $$ BEGIN "
                    + "IF NEW.email LIKE 'refused-by-test-trigger%' THEN "
                    + "RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ "
                    + "LANGUAGE plpgsql")
            .execute());
    await(
        db.query(
                "CREATE OR REPLACE TRIGGER refuse_marked_lead BEFORE INSERT ON leads "
                    + "FOR EACH ROW EXECUTE FUNCTION refuse_marked_lead()")
            .execute());
    String domain = "fail-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    List<dev.leadrouter.v1.CaptureLeadRequest> leads = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      leads.add(leadOf("fine" + i + "@" + domain, null));
    }
    leads.add(60, leadOf("refused-by-test-trigger@" + domain, null));

    List<Future<dev.leadrouter.v1.CaptureLeadResponse>> calls = captureAtOnce(leads);
    await(Future.join(calls).otherwiseEmpty()); // every call has ended, one of them failed

    assertThat(calls.get(60).failed()).isTrue();
    assertThat(calls.stream().filter(Future::succeeded)).hasSize(120);
    assertThat(count("SELECT count(*) FROM leads WHERE email LIKE $1", "fine%@" + domain))
        .isEqualTo(120);
  }

  @Test
  void idempotencyKeyReturnsTheFirstAnswer() throws Exception {
    String key = UUID.randomUUID().toString();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      var r =
          await(
              web.post(port, "127.0.0.1", "/v1/leads")
                  .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Idempotency-Key", key)
                  .sendBuffer(
                      Buffer.buffer(
                          "{\"contact\":{\"email\":\""
                              + unique("idem" + i, "example.org")
                              + "\"}}")));
      ids.add(r.bodyAsJsonObject().getString("lead_id"));
      assertThat(r.bodyAsJsonObject().getString("dedupe_outcome"))
          .isEqualTo(i == 0 ? "DEDUPE_OUTCOME_NEW" : "DEDUPE_OUTCOME_IDEMPOTENT_REPLAY");
    }
    assertThat(ids.get(1)).isEqualTo(ids.get(0));
  }

  // ---- Forms
  // -------------------------------------------------------------------------------------

  HttpResponse<Buffer> postForm(String source, String body, String key) throws Exception {
    var req =
        web.post(port, "127.0.0.1", "/v1/forms/" + source)
            .putHeader("Content-Type", "application/x-www-form-urlencoded");
    if (key != null) {
      req.putHeader("Authorization", "Bearer " + key);
    }
    return await(req.followRedirects(false).sendBuffer(Buffer.buffer(body)));
  }

  @Test
  void webToLeadFormIsStoredAndRedirectsBack() throws Exception {
    String email = unique("joerg", "schmidt-gmbh.example");
    var r =
        postForm(
            "website",
            "first_name=J%C3%B6rg&last_name=schmidt&email="
                + email.replace("@", "%40")
                + "&phone=089+1234567&country=Deutschland&state=Bayern&company=Schmidt+GmbH&00N5e00000ABCDE=Gold"
                + "&retURL=https%3A%2F%2Fwww.example.com%2Fthanks",
            WEBSITE_KEY);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.getHeader("Location")).isEqualTo("https://www.example.com/thanks");
    var row =
        await(
            db.preparedQuery("SELECT lead_id FROM leads WHERE email = $1")
                .execute(Tuple.of(email)));
    assertThat(row.size()).isEqualTo(1);
    Lead lead = stored(row.iterator().next().getUUID(0).toString());
    assertThat(lead.getContact().getLastName()).isEqualTo("Schmidt");
    assertThat(lead.getContact().getPhone()).isEqualTo("+49891234567");
    assertThat(lead.getLocation().getRegionCode()).isEqualTo("DE-BY");
    assertThat(lead.getLocation().getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(lead.getAttributesMap()).containsEntry("00N5e00000ABCDE", "Gold");
    assertThat(lead.getSource().getSourceId()).isEqualTo("website");
    assertThat(lead.getSource().getChannel().name()).isEqualTo("SOURCE_CHANNEL_WEB_FORM");
  }

  @Test
  void formKeyMayComeInTheBodyButMustBeTheSourcesKey() throws Exception {
    assertThat(
            postForm(
                    "website",
                    "email="
                        + unique("k", "example.org").replace("@", "%40")
                        + "&lr_api_key="
                        + WEBSITE_KEY,
                    null)
                .statusCode())
        .isEqualTo(202);
    String email = unique("wrongkey", "example.org");
    assertThat(
            postForm("website", "email=" + email.replace("@", "%40"), TestSettings.CLIENT_KEY)
                .statusCode())
        .as("a valid ingest key, but not this source's")
        .isEqualTo(403);
    assertThat(postForm("website", "email=" + email.replace("@", "%40"), null).statusCode())
        .isEqualTo(401);
    assertThat(postForm("nope", "email=" + email.replace("@", "%40"), WEBSITE_KEY).statusCode())
        .isEqualTo(404);
    assertThat(count("SELECT count(*) FROM leads WHERE email = $1", email)).isZero();
  }

  @Test
  void honeypotLooksAcceptedButNothingIsStored() throws Exception {
    String email = unique("bot", "example.org");
    double before =
        capture
            .metrics()
            .registry()
            .counter("capture_spam_submissions", "reason", "honeypot", "source", "website")
            .count();
    var r =
        postForm(
            "website", "email=" + email.replace("@", "%40") + "&confirm_email=yes", WEBSITE_KEY);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.bodyAsJsonObject().getString("lead_id")).isNotBlank();
    assertThat(count("SELECT count(*) FROM leads WHERE email = $1", email)).isZero();
    assertThat(
            capture
                .metrics()
                .registry()
                .counter("capture_spam_submissions", "reason", "honeypot", "source", "website")
                .count())
        .isEqualTo(before + 1);
  }

  @Test
  void disposableEmailIsFlaggedOrRefusedAsTheSourceSays() throws Exception {
    var api = postJson("{\"contact\":{\"email\":\"" + unique("t", "mailinator.com") + "\"}}");
    assertThat(stored(api.bodyAsJsonObject().getString("lead_id")).getFlagsList())
        .contains("disposable_email");
    var form =
        postForm("website", "email=" + unique("t", "yopmail.com").replace("@", "%40"), WEBSITE_KEY);
    assertThat(form.statusCode()).isEqualTo(400);
    assertThat(form.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("lead.contact.email");
  }

  @Test
  void badBodiesGetFieldLevel4xxNever500() throws Exception {
    assertThat(postForm("website", "email=%C3%28", WEBSITE_KEY).statusCode()).isEqualTo(400);
    assertThat(postForm("website", "email=%zz", WEBSITE_KEY).statusCode()).isEqualTo(400);
    var invalid =
        postForm("website", "email=not-an-email&first_name=" + "x".repeat(101), WEBSITE_KEY);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.getHeader("content-type")).isEqualTo("application/problem+json");
    assertThat(
            invalid.bodyAsJsonObject().getJsonArray("errors").stream()
                .map(e -> ((JsonObject) e).getString("field")))
        .containsExactly("lead.contact", "lead.contact.email", "lead.contact.first_name");
    assertThat(
            postForm("website", "email=a%40b.co&x=" + "y".repeat(70_000), WEBSITE_KEY).statusCode())
        .isEqualTo(413);
    var wrongType =
        await(
            web.post(port, "127.0.0.1", "/v1/forms/website")
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + WEBSITE_KEY)
                .sendBuffer(Buffer.buffer("{}")));
    assertThat(wrongType.statusCode()).isEqualTo(415);
  }

  // ---- Webhooks
  // ----------------------------------------------------------------------------------

  HttpResponse<Buffer> postWebhook(String source, String body, String signature) throws Exception {
    var req =
        web.post(port, "127.0.0.1", "/v1/webhooks/" + source)
            .putHeader("Content-Type", "application/json");
    if (signature != null) {
      req.putHeader("X-Leadrouter-Signature", signature);
    }
    return await(req.sendBuffer(Buffer.buffer(body)));
  }

  static String sign(String secret, String body, Clock clock) {
    return new HmacSignature(secret, Duration.ofMinutes(5), clock)
        .sign(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void signedHubspotSubmissionIsStored() throws Exception {
    String email = unique("hub", "hubcustomer.example");
    String body =
        "{\"fields\":[{\"name\":\"email\",\"value\":\""
            + email
            + "\"},{\"name\":\"firstname\",\"value\":\"Hu\"},"
            + "{\"name\":\"numemployees\",\"value\":\"51-200\"},{\"name\":\"country\",\"value\":\"Canada\"},"
            + "{\"name\":\"state\",\"value\":\"Ontario\"}],\"context\":{\"pageUri\":\"https://hubcustomer.example/demo\"}}";
    var r = postWebhook("hubspot", body, sign(HUBSPOT_SECRET, body, Clock.systemUTC()));
    assertThat(r.statusCode()).isEqualTo(202);
    Lead lead = stored(r.bodyAsJsonObject().getString("lead_id"));
    assertThat(lead.getCompany().getEmployeeCount()).isEqualTo(51);
    assertThat(lead.getLocation().getRegionCode()).isEqualTo("CA-ON");
    assertThat(lead.getLocation().getTimeZone()).isEqualTo("America/Toronto");
    assertThat(lead.getSource().getChannel().name()).isEqualTo("SOURCE_CHANNEL_CRM_WEBHOOK");
  }

  @Test
  void badOrReplayedSignaturesAreRefusedAndNothingIsStored() throws Exception {
    String email = unique("replay", "example.org");
    String body = "{\"fields\":[{\"name\":\"email\",\"value\":\"" + email + "\"}]}";
    Clock tenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
    assertThat(postWebhook("hubspot", body, null).statusCode()).isEqualTo(401);
    assertThat(
            postWebhook("hubspot", body, sign(PARTNER_SECRET, body, Clock.systemUTC()))
                .statusCode())
        .isEqualTo(401);
    assertThat(postWebhook("hubspot", body, sign(HUBSPOT_SECRET, body, tenMinutesAgo)).statusCode())
        .isEqualTo(401);
    assertThat(
            postWebhook("hubspot", body + " ", sign(HUBSPOT_SECRET, body, Clock.systemUTC()))
                .statusCode())
        .isEqualTo(401);
    assertThat(postWebhook("hubspot", body, "t=abc,v1=zz").statusCode()).isEqualTo(401);
    assertThat(count("SELECT count(*) FROM leads WHERE email = $1", email)).isZero();
  }

  @Test
  void mappedWebhookFollowsTheConfiguredPaths() throws Exception {
    String email = unique("partner", "partnerco.example");
    String body =
        "{\"person\":{\"mail\":\""
            + email
            + "\",\"name\":\"Linus Torvalds\"},\"org\":{\"site\":\"https://www.partnerco.example/\"}}";
    var r = postWebhook("partner", body, sign(PARTNER_SECRET, body, Clock.systemUTC()));
    assertThat(r.statusCode()).isEqualTo(202);
    Lead lead = stored(r.bodyAsJsonObject().getString("lead_id"));
    assertThat(lead.getContact().getLastName()).isEqualTo("Torvalds");
    assertThat(lead.getCompany().getDomain()).isEqualTo("partnerco.example");
    assertThat(lead.getSource().getChannel().name()).isEqualTo("SOURCE_CHANNEL_REFERRAL");
    String broken = "{\"person\":";
    assertThat(
            postWebhook("partner", broken, sign(PARTNER_SECRET, broken, Clock.systemUTC()))
                .statusCode())
        .isEqualTo(400);
  }

  // ---- GDPR
  // --------------------------------------------------------------------------------------

  @Test
  void erasureByEmailRemovesPersonalDataKeepsATombstoneAndAudits() throws Exception {
    String email = unique("forget.me", "example.org");
    String leadId =
        postJson("{\"contact\":{\"email\":\"" + email + "\",\"firstName\":\"Forget\"}}")
            .bodyAsJsonObject()
            .getString("lead_id");
    postJson("{\"contact\":{\"email\":\"" + email + "\",\"phone\":\"+14155550199\"}}");
    var address = SocketAddress.inetSocketAddress(capture.grpcPort(), "127.0.0.1");
    var erased =
        await(
            GrpcCalls.unary(
                grpc,
                address,
                TestSettings.ADMIN_KEY,
                CaptureServiceGrpcClient.EraseLead,
                EraseLeadRequest.newBuilder()
                    .setEmail(email.toUpperCase())
                    .setRequestedBy("dpo@ourcompany.example")
                    .setReason("GDPR Art. 17 request #7")
                    .build(),
                Duration.ofSeconds(10)));
    assertThat(erased.getErasedLeadIdsList()).containsExactly(leadId);

    UUID id = UUID.fromString(leadId);
    assertThat(count("SELECT count(*) FROM leads WHERE lead_id = $1", id)).isZero();
    assertThat(
            count("SELECT count(*) FROM lead_activity WHERE lead_id = $1 OR email = $2", id, email))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE (message_key = $1 AND topic NOT LIKE '%.forget_lead') "
                    + "OR position($2 in encode(payload, 'escape')) > 0",
                leadId, email))
        .isZero();
    // ...and routing, notify and sla are asked, durably, to forget the lead too (the request names
    // only its id)
    assertThat(
            count(
                "SELECT count(*) FROM outbox WHERE topic LIKE '%.forget_lead' AND message_key = $1",
                leadId))
        .isEqualTo(3);
    assertThat(
            count("SELECT count(*) FROM erased_leads WHERE lead_id = $1 AND source_id = 'api'", id))
        .isEqualTo(1);
    var audit =
        await(
                db.query(
                        "SELECT requested_by, reason, target_kind, lead_count FROM erasure_audit "
                            + "WHERE reason = 'GDPR Art. 17 request #7'")
                    .execute())
            .iterator()
            .next();
    assertThat(audit.getString("target_kind")).isEqualTo("email");
    assertThat(audit.getInteger("lead_count")).isEqualTo(1);
    assertThat(audit.toJson().encode()).doesNotContain(email).doesNotContain("forget.me");

    var notFound =
        GrpcCalls.unary(
            grpc,
            address,
            TestSettings.READ_KEY,
            CaptureServiceGrpcClient.GetLead,
            GetLeadRequest.newBuilder().setLeadId(leadId).build(),
            Duration.ofSeconds(10));
    assertThat(
            notFound
                .toCompletionStage()
                .toCompletableFuture()
                .handle((ok, e) -> e)
                .get(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(
            InvalidStatusException.class,
            e -> assertThat(e.actualStatus()).isEqualTo(GrpcStatus.NOT_FOUND));

    var again =
        await(
            GrpcCalls.unary(
                grpc,
                address,
                TestSettings.ADMIN_KEY,
                CaptureServiceGrpcClient.EraseLead,
                EraseLeadRequest.newBuilder().setEmail(email).setRequestedBy("dpo").build(),
                Duration.ofSeconds(10)));
    assertThat(again.getErasedLeadIdsList()).isEmpty();
  }

  @Test
  void httpDeleteErasesOneLead() throws Exception {
    String leadId =
        postJson("{\"contact\":{\"email\":\"" + unique("del", "example.org") + "\"}}")
            .bodyAsJsonObject()
            .getString("lead_id");
    var unauthenticated = await(web.delete(port, "127.0.0.1", "/v1/leads/" + leadId).send());
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    var ingestKey =
        await(
            web.delete(port, "127.0.0.1", "/v1/leads/" + leadId)
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .send());
    assertThat(ingestKey.statusCode()).as("an ingest key cannot erase").isEqualTo(403);
    var r =
        await(
            web.delete(port, "127.0.0.1", "/v1/leads/" + leadId + "?reason=ticket-9")
                .putHeader("Authorization", "Bearer " + TestSettings.ADMIN_KEY)
                .send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("erased_lead_ids").getList())
        .containsExactly(leadId);
    assertThat(stored(leadId)).isNull();
    assertThat(
            count(
                "SELECT count(*) FROM erasure_audit WHERE reason = 'ticket-9' AND requested_by = 'api-key:test-admin'"))
        .isEqualTo(1);
    assertThat(
            await(
                    web.delete(port, "127.0.0.1", "/v1/leads/not-a-uuid")
                        .putHeader("Authorization", "Bearer " + TestSettings.ADMIN_KEY)
                        .send())
                .statusCode())
        .isEqualTo(400);
  }
}
