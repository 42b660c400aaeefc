package dev.leadrouter.runtime.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.testing.crm.FakeHubSpot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubSpotClientTest {
  private Vertx vertx = Vertx.vertx();
  private FakeHubSpot account;
  private HubSpotClient client;

  private void start(int limit) throws Exception {
    account = new FakeHubSpot(vertx, limit).start();
    client =
        new HubSpotClient(
            vertx, HubSpotConfig.from(new Settings(account.settings())), Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    account.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void ownersAreReadAcrossPages() throws Exception {
    start(100);
    for (int i = 0; i < 5; i++) {
      account.addOwner("rep" + i + "@example.com");
    }
    List<JsonObject> owners = await(client.owners());
    assertThat(owners)
        .extracting(o -> o.getString("email"))
        .hasSize(5)
        .contains("rep4@example.com");
    assertThat(account.requests("GET", "/crm/v3/owners")).hasSize(3);
    assertThat(account.violations()).isEmpty();
  }

  @Test
  void contactsAreReadAndOwnersSetSingleOrBatched() throws Exception {
    start(100);
    String owner = account.addOwner("a@example.com");
    String other = account.addOwner("b@example.com");
    String c1 = account.createContact(new JsonObject().put("email", "x@example.org"), owner);
    String c2 = account.createContact(new JsonObject().put("email", "y@example.org"), null);
    assertThat(await(client.contact(c1, List.of("email", "hubspot_owner_id"))).getString("email"))
        .isEqualTo("x@example.org");
    assertThat(await(client.ownersOf(List.of(c1, c2, "999999"))))
        .containsEntry(c1, owner)
        .containsEntry(c2, "")
        .doesNotContainKey("999999");
    assertThat(await(client.setOwners(Map.of(c1, other)))).isEmpty();
    Map<String, String> both = new LinkedHashMap<>();
    both.put(c1, owner);
    both.put(c2, other);
    assertThat(await(client.setOwners(both))).isEmpty();
    assertThat(account.requests("POST", "/crm/v3/objects/contacts/batch/update")).hasSize(1);
    assertThat(account.ownerOf(c2)).isEqualTo(other);
    assertThat(account.violations()).isEmpty();
  }

  @Test
  void aRefusedBatchIsRetriedOneByOneToFindTheBadContact() throws Exception {
    start(100);
    String owner = account.addOwner("a@example.com");
    String good = account.createContact(new JsonObject(), null);
    String bad = account.createContact(new JsonObject(), null);
    Map<String, String> owners = new LinkedHashMap<>();
    owners.put(good, owner);
    owners.put(bad, "424242");
    Map<String, CrmFailure> failures = await(client.setOwners(owners));
    assertThat(failures).containsOnlyKeys(bad);
    assertThat(failures.get(bad).permanent()).isTrue();
    assertThat(failures.get(bad).getMessage()).contains("was not a valid owner id");
    assertThat(account.ownerOf(good)).isEqualTo(owner);
  }

  @Test
  void a429WithRetryAfterHoldsBackEveryCallUntilThen() throws Exception {
    start(100);
    String c = account.createContact(new JsonObject(), null);
    account.failNext(
        "GET",
        "/crm/v3/objects/contacts",
        429,
        FakeHubSpot.error("RATE_LIMITS", "You have reached your secondly limit."),
        "2");
    assertThatThrownBy(() -> await(client.contact(c, List.of("email"))))
        .isInstanceOfSatisfying(
            CrmFailure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(CrmFailure.Kind.RATE_LIMITED);
              assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(2));
            });
    int before = account.requests().size();
    assertThatThrownBy(() -> await(client.contact(c, List.of("email"))))
        .isInstanceOf(CrmFailure.class);
    assertThat(account.requests()).hasSize(before);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(await(client.contact(c, List.of("email")))).isNotNull());
  }

  @Test
  void callsWaitForRoomInTheTenSecondWindowInsteadOfHitting429() throws Exception {
    start(4);
    String c = account.createContact(new JsonObject(), null);
    List<Future<JsonObject>> calls = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      calls.add(client.contact(c, List.of("email")));
    }
    await(Future.all(calls));
    // The 5th and 6th wait for the first to leave the ten-second window.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(9));
    assertThat(account.violations()).isEmpty();
  }

  @Test
  void serverErrorsAreTransientAndMayHaveApplied() throws Exception {
    start(100);
    String owner = account.addOwner("a@example.com");
    String c = account.createContact(new JsonObject(), null);
    account.failNext(
        "PATCH", "/crm/v3/objects/contacts", 502, FakeHubSpot.error("", "Bad Gateway"), null);
    assertThatThrownBy(() -> await(client.setOwners(Map.of(c, owner))))
        .isInstanceOfSatisfying(
            CrmFailure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(CrmFailure.Kind.TRANSIENT);
              assertThat(f.maybeApplied()).isTrue();
            });
  }
}
