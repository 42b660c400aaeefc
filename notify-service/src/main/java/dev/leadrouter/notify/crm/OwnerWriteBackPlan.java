package dev.leadrouter.notify.crm;

import dev.leadrouter.notify.delivery.NewDelivery;
import dev.leadrouter.runtime.crm.HubSpotClient;
import dev.leadrouter.runtime.crm.SalesforceClient;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.RecipientRole;
import java.util.List;
import java.util.Set;

/**
 * Plans the owner write-back of an assignment: one CRM_OWNER delivery for every new-lead and
 * reassignment event of a lead that came from a CRM, and for every repeat activity that brought a
 * new CRM record of the same person (it gets the lead's current owner; the event id, the
 * activity's, keeps each repeat's write-back apart). Its idempotency key (assignment, kind,
 * channel, record) makes a repeated Notify plan nothing new. A lead from a CRM this deployment does
 * not connect to gets a FAILED delivery, so the gap shows in ListDeadLetters.
 */
public final class OwnerWriteBackPlan {
  private final Set<CrmSystem> connected;

  public OwnerWriteBackPlan(Set<CrmSystem> connected) {
    this.connected = Set.copyOf(connected);
  }

  public static OwnerWriteBackPlan none() {
    return new OwnerWriteBackPlan(Set.of());
  }

  public List<NewDelivery> plan(NotifyRequest request) {
    NotificationKind kind = request.getKind();
    if (kind != NotificationKind.NOTIFICATION_KIND_NEW_LEAD
            && kind != NotificationKind.NOTIFICATION_KIND_REASSIGNMENT
            && kind != NotificationKind.NOTIFICATION_KIND_REPEAT_ACTIVITY
        || !WriteBackTarget.hasRecord(request)
        || request.getRecipientsCount() == 0) {
      return List.of();
    }
    CrmRecord record = WriteBackTarget.recordOf(request);
    String problem = problem(record);
    if (problem == null && !connected.contains(record.getSystem())) {
      problem = "channel not configured: this deployment does not connect to that CRM";
    }
    return List.of(
        new NewDelivery(
            request,
            ownerIndex(request),
            Channel.CHANNEL_CRM_OWNER,
            WriteBackTarget.address(
                record.getSystem(), record.getObjectType(), record.getRecordId()),
            RecipientRole.RECIPIENT_ROLE_OWNER,
            problem == null
                ? DeliveryStatus.DELIVERY_STATUS_PENDING
                : DeliveryStatus.DELIVERY_STATUS_FAILED,
            problem));
  }

  private static String problem(CrmRecord r) {
    return switch (r.getSystem()) {
      case CRM_SYSTEM_SALESFORCE ->
          SalesforceClient.isId(r.getRecordId())
                  && ("Lead".equals(r.getObjectType()) || "Contact".equals(r.getObjectType()))
              ? null
              : "lead.crm_record is not a Salesforce Lead or Contact id";
      case CRM_SYSTEM_HUBSPOT ->
          HubSpotClient.isId(r.getRecordId()) && "contacts".equals(r.getObjectType())
              ? null
              : "lead.crm_record is not a HubSpot contact id";
      default -> "lead.crm_record names no CRM";
    };
  }

  private static int ownerIndex(NotifyRequest request) {
    for (int i = 0; i < request.getRecipientsCount(); i++) {
      if (request.getRecipients(i).getRole() == RecipientRole.RECIPIENT_ROLE_OWNER) {
        return i;
      }
    }
    return 0;
  }
}
