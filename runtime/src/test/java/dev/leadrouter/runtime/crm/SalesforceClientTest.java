package dev.leadrouter.runtime.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.crm.FakeSalesforce;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SalesforceClientTest {
  private Vertx vertx;
  private FakeSalesforce org;
  private SalesforceClient client;
  private String alice;
  private String bob;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    org = new FakeSalesforce(vertx).start();
    alice = org.addUser("alice@example.com");
    bob = org.addUser("bob@example.com");
    client =
        new SalesforceClient(
            vertx, SalesforceConfig.from(new Settings(org.jwtSettings())), Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    org.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private String lead() {
    return org.createLead(new JsonObject().put("LastName", "Lovelace"), alice, Instant.now());
  }

  @Test
  void jwtBearerTokenIsCachedAndOneRecordIsPatched() throws Exception {
    String lead = lead();
    assertThat(await(client.setOwners("Lead", Map.of(lead, bob)))).isEmpty();
    assertThat(await(client.ownersOf("Lead", List.of(lead)))).containsEntry(lead, bob);
    assertThat(org.tokensIssued()).isEqualTo(1);
    assertThat(org.requests("PATCH", FakeSalesforce.API + "/sobjects/Lead/" + lead)).hasSize(1);
    assertThat(org.violations()).isEmpty();
  }

  @Test
  void anExpiredSessionIsRefreshedOnceAndTheCallRepeated() throws Exception {
    String lead = lead();
    await(client.ownersOf("Lead", List.of(lead)));
    org.expireSessions();
    assertThat(await(client.setOwners("Lead", Map.of(lead, bob)))).isEmpty();
    assertThat(org.ownerOf(lead)).isEqualTo(bob);
    assertThat(org.tokensIssued()).isEqualTo(2);
    assertThat(org.violations()).isEmpty();
  }

  @Test
  void clientCredentialsFlowWorksToo() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("SALESFORCE_LOGIN_URL", org.url());
    env.put("SALESFORCE_CLIENT_ID", FakeSalesforce.CLIENT_ID);
    env.put("SALESFORCE_CLIENT_SECRET", FakeSalesforce.CLIENT_SECRET);
    SalesforceClient cc =
        new SalesforceClient(vertx, SalesforceConfig.from(new Settings(env)), Clock.systemUTC());
    String lead = lead();
    assertThat(await(cc.ownersOf("Lead", List.of(lead)))).containsEntry(lead, alice);
    assertThat(org.violations()).isEmpty();
  }

  @Test
  void manyRecordsGoInOneCollectionCallWithPerRecordErrors() throws Exception {
    Map<String, String> owners = new LinkedHashMap<>();
    String locked = lead();
    String deleted = lead();
    String badOwner = lead();
    for (int i = 0; i < 5; i++) {
      owners.put(lead(), bob);
    }
    owners.put(locked, bob);
    owners.put(deleted, bob);
    owners.put(badOwner, "00G5g00000QueueAAA");
    org.lockRecord(locked, 1);
    org.deleteRecord(deleted);

    Map<String, CrmFailure> failures = await(client.setOwners("Lead", owners));

    assertThat(org.requests("PATCH", FakeSalesforce.API + "/composite/sobjects")).hasSize(1);
    assertThat(failures).containsOnlyKeys(locked, deleted, badOwner);
    assertThat(failures.get(locked).kind()).isEqualTo(CrmFailure.Kind.TRANSIENT);
    assertThat(failures.get(locked).errorCode()).isEqualTo("UNABLE_TO_LOCK_ROW");
    assertThat(failures.get(deleted).permanent()).isTrue();
    assertThat(failures.get(deleted).getMessage()).contains("ENTITY_IS_DELETED");
    assertThat(failures.get(badOwner).permanent()).isTrue();
    assertThat(failures.get(badOwner).getMessage()).contains("FIELD_INTEGRITY_EXCEPTION");
    assertThat(org.ownerChanges()).hasSize(5);
    assertThat(org.violations()).isEmpty();
  }

  @Test
  void rateLimitsAndServerErrorsAreClassified() throws Exception {
    String lead = lead();
    org.failNext(
        "GET",
        FakeSalesforce.API + "/query",
        429,
        FakeSalesforce.errors("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
        "7");
    assertThatThrownBy(() -> await(client.ownersOf("Lead", List.of(lead))))
        .isInstanceOfSatisfying(
            CrmFailure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(CrmFailure.Kind.RATE_LIMITED);
              assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
    org.failNext(
        "PATCH",
        FakeSalesforce.API + "/sobjects",
        503,
        FakeSalesforce.errors("SERVER_UNAVAILABLE", "down for maintenance"),
        null);
    assertThatThrownBy(() -> await(client.setOwners("Lead", Map.of(lead, bob))))
        .isInstanceOfSatisfying(
            CrmFailure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(CrmFailure.Kind.TRANSIENT);
              assertThat(f.maybeApplied()).isTrue();
            });
    org.lockRecord(lead, 1);
    assertThatThrownBy(() -> await(client.setOwners("Lead", Map.of(lead, bob))))
        .isInstanceOfSatisfying(
            CrmFailure.class, f -> assertThat(f.errorCode()).isEqualTo("UNABLE_TO_LOCK_ROW"));
    assertThat(await(client.setOwners("Lead", Map.of(lead, bob)))).isEmpty();
  }

  @Test
  void sforceLimitInfoFeedsTheRemainingCallsGauge() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    client.recordMetrics(registry);
    assertThat(registry.get("leadrouter.crm.salesforce.api.remaining").gauge().value())
        .isEqualTo(-1);
    await(client.query("SELECT Id, Email FROM User WHERE IsActive = true", 10));
    await(client.query("SELECT Id, Email FROM User WHERE IsActive = true", 10));
    assertThat(registry.get("leadrouter.crm.salesforce.api.remaining").gauge().value())
        .isEqualTo(15000 - 2);
  }

  @Test
  void aBadKeyOrMissingSettingIsRefusedAtStart() {
    Map<String, String> env = new HashMap<>(org.jwtSettings());
    env.put("SALESFORCE_PRIVATE_KEY", "not a key");
    assertThatThrownBy(
            () ->
                new SalesforceClient(
                    vertx, SalesforceConfig.from(new Settings(env)), Clock.systemUTC()))
        .hasMessageContaining("PKCS#8");
    env.remove("SALESFORCE_PRIVATE_KEY");
    assertThatThrownBy(() -> SalesforceConfig.from(new Settings(env)))
        .hasMessageContaining("SALESFORCE_CLIENT_SECRET");
  }
}
