package dev.leadrouter.notify.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FollowUpTaskTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static NotifyRequest request(NotificationKind kind) {
    return NotifyRequest.newBuilder()
        .setKind(kind)
        .setAssignmentId("a-1")
        .setLeadId("l-1")
        .addRecipients(
            Recipient.newBuilder().setRepId("ana").setRole(RecipientRole.RECIPIENT_ROLE_OWNER))
        .setLead(
            Lead.newBuilder()
                .setLeadId("l-1")
                .setCrmRecord(
                    CrmRecord.newBuilder()
                        .setSystem(CrmSystem.CRM_SYSTEM_SALESFORCE)
                        .setObjectType("Lead")
                        .setRecordId("00Q5g0000012345AAA")))
        .setAssignment(
            Assignment.newBuilder()
                .setAssignmentId("a-1")
                .setLeadId("l-1")
                .setQueueId("emea")
                .setReason("Rule emea matched; round robin picked Ana.")
                .setReassignReason(
                    kind == NotificationKind.NOTIFICATION_KIND_REASSIGNMENT ? "no answer" : ""))
        .build();
  }

  @Test
  void anAssignmentsTaskCarriesTheWhyAndNamesTheAssignment() {
    NotifyRequest r = request(NotificationKind.NOTIFICATION_KIND_NEW_LEAD);
    FollowUpTask task = FollowUpTask.of(r, WriteBackTarget.of(r), NOW);
    assertThat(task.subject())
        .isEqualTo("Follow up: new lead routed to you by leadrouter, ref a-1");
    assertThat(task.description())
        .contains("Rule emea matched; round robin picked Ana.")
        .contains("Queue: emea")
        .contains("leadrouter lead l-1");
    assertThat(task.due()).isEqualTo(NOW);
    assertThat(task.key()).isEqualTo("SALESFORCE:00Q5g0000012345AAA:a-1");
  }

  @Test
  void aReassignmentSaysSoAndIsDueAtTheSlaDeadline() {
    NotifyRequest r =
        request(NotificationKind.NOTIFICATION_KIND_REASSIGNMENT).toBuilder()
            .setSlaDeadline(Timestamp.newBuilder().setSeconds(1_767_261_600L))
            .build();
    FollowUpTask task = FollowUpTask.of(r, WriteBackTarget.of(r), NOW);
    assertThat(task.subject()).startsWith("Follow up: lead reassigned to you");
    assertThat(task.description()).contains("Reassigned: no answer");
    assertThat(task.due()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
  }

  @Test
  void otherEventsAskForNoTask() {
    NotifyRequest r = request(NotificationKind.NOTIFICATION_KIND_REPEAT_ACTIVITY);
    assertThat(FollowUpTask.of(r, WriteBackTarget.of(r), NOW)).isNull();
  }

  @Test
  void aRepeatWritesBackToTheNewRecordItBroughtNotTheLeadsOwn() {
    CrmRecord repeat =
        CrmRecord.newBuilder()
            .setSystem(CrmSystem.CRM_SYSTEM_HUBSPOT)
            .setObjectType("contacts")
            .setRecordId("51234")
            .build();
    NotifyRequest r =
        request(NotificationKind.NOTIFICATION_KIND_REPEAT_ACTIVITY).toBuilder()
            .setEventId("activity-1")
            .setRepeatCrmRecord(repeat)
            .build();
    OwnerWriteBackPlan plan =
        new OwnerWriteBackPlan(
            Set.of(CrmSystem.CRM_SYSTEM_SALESFORCE, CrmSystem.CRM_SYSTEM_HUBSPOT));
    assertThat(plan.plan(r))
        .singleElement()
        .extracting(d -> d.address())
        .isEqualTo("HUBSPOT:contacts:51234");
    assertThat(WriteBackTarget.of(r).recordId()).isEqualTo("51234");
    // A repeat that brought no new record writes nothing back.
    assertThat(plan.plan(request(NotificationKind.NOTIFICATION_KIND_REPEAT_ACTIVITY))).isEmpty();
  }
}
