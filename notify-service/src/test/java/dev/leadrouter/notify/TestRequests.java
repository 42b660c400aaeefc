package dev.leadrouter.notify;

import com.google.protobuf.Timestamp;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.Money;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import dev.leadrouter.v1.SourceChannel;
import java.util.UUID;

/** Realistic NotifyRequests for tests. */
final class TestRequests {
  private TestRequests() {}

  static NotifyRequest newLead(String repEmail) {
    String leadId = UUID.randomUUID().toString();
    return NotifyRequest.newBuilder()
        .setKind(NotificationKind.NOTIFICATION_KIND_NEW_LEAD)
        .setAssignmentId(UUID.randomUUID().toString())
        .setLeadId(leadId)
        .addRecipients(
            Recipient.newBuilder()
                .setRepId("ana")
                .setDisplayName("Ana Rep")
                .setEmail(repEmail)
                .setTimeZone("Europe/Berlin")
                .setRole(RecipientRole.RECIPIENT_ROLE_OWNER))
        .setLead(
            Lead.newBuilder()
                .setLeadId(leadId)
                .setContact(
                    Contact.newBuilder()
                        .setFirstName("Grace")
                        .setLastName("Hopper")
                        .setEmail("grace@navy.example")
                        .setPhone("+14155550123")
                        .setTitle("Rear Admiral"))
                .setCompany(Company.newBuilder().setName("Acme Compilers"))
                .setLocation(Location.newBuilder().setCountryCode("US").setRegionCode("US-VA"))
                .addProductInterests("analytics")
                .setDealValue(Money.newBuilder().setCurrencyCode("USD").setUnits(12500))
                .setSource(
                    LeadSource.newBuilder()
                        .setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM)
                        .setSourceId("website-contact-form")))
        .setAssignment(
            Assignment.newBuilder()
                .setReason("Rule us-enterprise matched; round robin picked Ana (next in turn).")
                .setRuleId("us-enterprise")
                .setQueueId("us-east"))
        .setSlaDeadline(Timestamp.newBuilder().setSeconds(1_767_261_600L)) // 2026-01-01T10:00:00Z
        .setAckUrl("https://leads.example.com/ack/abc")
        .build();
  }
}
