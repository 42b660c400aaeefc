package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.v1.Assignment;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A manual owner change in Salesforce is respected: with an SLA that reassigns untouched leads 3 s
 * after assignment, a lead a person gave to someone else in Salesforce keeps that owner and is not
 * reassigned, while an untouched lead next to it is reassigned and its new owner written back.
 */
class CrmOwnerOverrideEndToEndTest {
  private static final Duration WITHIN = Duration.ofSeconds(40);
  private static CrmFixture crm;

  @BeforeAll
  static void start() throws Exception {
    crm =
        new CrmFixture(
            Map.of(
                "SLA_FIRST_TOUCH_TARGET", "2s",
                "SLA_WARN_BEFORE", "0s",
                "SLA_REASSIGN_AFTER", "1s"));
  }

  @AfterAll
  static void stop() throws Exception {
    crm.close();
  }

  @Test
  void aPersonsOwnerIsKeptAndStopsAutomaticReassignment() throws Exception {
    String takenOver = lead("Taken", "taken@corp.example");
    String untouched = lead("Untouched", "untouched@corp.example");
    await().atMost(WITHIN).until(() -> crm.salesforce.ownerChangesOf(takenOver) == 1);
    // A person gives the lead to a colleague in Salesforce before the SLA runs out.
    crm.salesforce.changeOwnerByHand(takenOver, crm.outsider);
    String takenLead = crm.leadIdOf("SALESFORCE", takenOver);
    String untouchedLead = crm.leadIdOf("SALESFORCE", untouched);
    Assignment first = crm.currentAssignment(takenLead);

    // The untouched lead is reassigned by the SLA and its new owner written back.
    await().atMost(WITHIN).until(() -> crm.currentAssignment(untouchedLead).getSequence() == 1);
    Assignment moved = crm.currentAssignment(untouchedLead);
    await()
        .atMost(WITHIN)
        .until(
            () ->
                crm.salesforceUser.get(moved.getRepId()).equals(crm.salesforce.ownerOf(untouched)));

    // The taken-over lead's reassignment step fired, and was held.
    await()
        .atMost(WITHIN)
        .until(
            () ->
                crm.count(
                            "SELECT count(*) FROM sla.clock_steps s JOIN sla.clocks c USING (clock_id) "
                                + "WHERE c.assignment_id = '"
                                + first.getAssignmentId()
                                + "' AND s.step = 'REASSIGN'")
                        == 1
                    && crm.count("SELECT count(*) FROM sla.outbox WHERE topic = 'routing.reassign'")
                        == 0);
    assertThat(crm.currentAssignment(takenLead).getAssignmentId())
        .isEqualTo(first.getAssignmentId());
    assertThat(crm.salesforce.ownerOf(takenOver)).isEqualTo(crm.outsider);
    assertThat(crm.salesforce.ownerChangesOf(takenOver)).isEqualTo(1);
    assertThat(
            crm.query(
                "SELECT crm_owner_id FROM sla.reassignment_holds WHERE lead_id = '"
                    + takenLead
                    + "'"))
        .containsExactly(crm.outsider);
    assertThat(
            crm.query(
                "SELECT crm_owner_id FROM notify.crm_owner_overrides WHERE lead_id = '"
                    + takenLead
                    + "'"))
        .containsExactly(crm.outsider);
    assertThat(crm.salesforce.violations()).isEmpty();
  }

  private static String lead(String lastName, String email) {
    return crm.salesforce.createLead(
        new JsonObject()
            .put("FirstName", "Pat")
            .put("LastName", lastName)
            .put("Email", email)
            .put("Company", lastName + " Inc")
            .put("Country", "US"),
        crm.integrationUser,
        Instant.now());
  }
}
