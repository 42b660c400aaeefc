package dev.leadrouter.routing.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.testing.crm.FakeHubSpot;
import dev.leadrouter.runtime.testing.crm.FakeSalesforce;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.CrmUserIds;
import dev.leadrouter.v1.CrmUserMatch;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SyncCrmUsersRequest;
import dev.leadrouter.v1.SyncCrmUsersResponse;
import dev.leadrouter.v1.UnmatchedRep;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SyncCrmUsers over real gRPC against local Salesforce and HubSpot servers. */
class CrmUserSyncTest {
  private static Vertx fakes;
  private static FakeSalesforce salesforce;
  private static FakeHubSpot hubspot;
  private static dev.leadrouter.routing.RoutingHarnessAccess routing;

  @BeforeAll
  static void start() throws Exception {
    fakes = Vertx.vertx();
    salesforce = new FakeSalesforce(fakes).start();
    hubspot = new FakeHubSpot(fakes, 100).start();
    Map<String, String> env = new HashMap<>(salesforce.jwtSettings());
    env.putAll(hubspot.settings());
    routing = dev.leadrouter.routing.RoutingHarnessAccess.start(env);
  }

  @AfterAll
  static void stop() throws Exception {
    routing.close();
    salesforce.stop();
    hubspot.stop();
    fakes.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void repsGetTheirCrmIdsByEmailAndUnmatchedOnesAreReported() throws Exception {
    String aliceSf = salesforce.addUser("Alice@Example.com");
    String bobSf = salesforce.addUser("bob@example.com");
    String aliceHs = hubspot.addOwner("alice@example.com");
    String carolHs = hubspot.addOwner("carol@example.com");
    hubspot.addOwner("dave@example.com");
    hubspot.addOwner("dave@example.com");
    routing.reps("alice", "bob", "carol", "dave");
    routing.upsert(
        Rep.newBuilder()
            .setRepId("erin")
            .setDisplayName("erin")
            .setEmail("erin@example.com")
            .setTimeZone("UTC")
            .setActive(false)
            .build());

    SyncCrmUsersResponse dry =
        routing.call(
            RoutingServiceGrpcClient.SyncCrmUsers,
            SyncCrmUsersRequest.newBuilder().setDryRun(true).build());
    assertThat(routing.rep("alice").hasCrmUserIds()).as("dry run changes nothing").isFalse();
    assertThat(dry.getMatchedList()).hasSize(4);

    SyncCrmUsersResponse sync =
        routing.call(
            RoutingServiceGrpcClient.SyncCrmUsers, SyncCrmUsersRequest.getDefaultInstance());

    assertThat(sync.getMatchedList())
        .extracting(
            m -> m.getRepId() + "/" + m.getSystem() + "/" + m.getCrmUserId() + "/" + m.getChanged())
        .containsExactly(
            "alice/CRM_SYSTEM_SALESFORCE/" + aliceSf + "/true",
            "alice/CRM_SYSTEM_HUBSPOT/" + aliceHs + "/true",
            "bob/CRM_SYSTEM_SALESFORCE/" + bobSf + "/true",
            "carol/CRM_SYSTEM_HUBSPOT/" + carolHs + "/true");
    assertThat(sync.getUnmatchedList())
        .extracting(u -> u.getRepId() + "/" + u.getSystem() + ": " + u.getReason())
        .containsExactly(
            "bob/CRM_SYSTEM_HUBSPOT: no active HubSpot owner with this email",
            "carol/CRM_SYSTEM_SALESFORCE: no active Salesforce user with this email",
            "dave/CRM_SYSTEM_SALESFORCE: no active Salesforce user with this email",
            "dave/CRM_SYSTEM_HUBSPOT: 2 active HubSpot owners share this email");
    assertThat(routing.rep("alice").getCrmUserIds())
        .isEqualTo(
            CrmUserIds.newBuilder()
                .setSalesforceUserId(aliceSf)
                .setHubspotOwnerId(aliceHs)
                .build());

    SyncCrmUsersResponse again =
        routing.call(
            RoutingServiceGrpcClient.SyncCrmUsers,
            SyncCrmUsersRequest.newBuilder().setSystem(CrmSystem.CRM_SYSTEM_SALESFORCE).build());
    assertThat(again.getMatchedList()).extracting(CrmUserMatch::getChanged).containsOnly(false);
    assertThat(again.getUnmatchedList())
        .extracting(UnmatchedRep::getSystem)
        .containsOnly(CrmSystem.CRM_SYSTEM_SALESFORCE);
    assertThat(salesforce.violations()).isEmpty();
    assertThat(hubspot.violations()).isEmpty();
    assertThat(hubspot.requests("GET", "/crm/v3/owners")).hasSizeGreaterThan(2);
  }

  @Test
  void malformedCrmIdsAreRefusedField() {
    Rep bad =
        Rep.newBuilder()
            .setRepId("zed")
            .setDisplayName("zed")
            .setEmail("zed@example.com")
            .setTimeZone("UTC")
            .setActive(true)
            .setCrmUserIds(
                CrmUserIds.newBuilder()
                    .setSalesforceUserId("00Q000000000001")
                    .setHubspotOwnerId("abc"))
            .build();
    assertThatThrownBy(() -> routing.upsert(bad)).hasMessageContaining("INVALID_ARGUMENT");
  }
}
