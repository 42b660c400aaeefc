package dev.leadrouter.notify.crm;

import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Rep;
import java.util.Locale;

/**
 * What one owner write-back is about: which CRM record, which owner it should get, and which
 * assignment (sequence) asks for it. Read from the NotifyRequest routing sent for the assignment:
 * the lead carries its CRM record, the assignment its rep snapshot with the rep's CRM user ids.
 *
 * @param targetOwnerId the rep's user id in that CRM; empty when the rep has none
 */
public record WriteBackTarget(
    CrmSystem system,
    String objectType,
    String recordId,
    String ownerAtCapture,
    String targetOwnerId,
    int sequence,
    String repId,
    String leadId,
    String assignmentId) {

  public static WriteBackTarget of(NotifyRequest request) {
    CrmRecord record = recordOf(request);
    Rep rep = request.getAssignment().getRep();
    String owner =
        switch (record.getSystem()) {
          case CRM_SYSTEM_SALESFORCE -> rep.getCrmUserIds().getSalesforceUserId();
          case CRM_SYSTEM_HUBSPOT -> rep.getCrmUserIds().getHubspotOwnerId();
          default -> "";
        };
    return new WriteBackTarget(
        record.getSystem(),
        record.getObjectType(),
        record.getRecordId(),
        record.getOwnerIdAtCapture(),
        owner,
        request.getAssignment().getSequence(),
        request.getAssignment().getRepId(),
        request.getLeadId(),
        request.getAssignmentId());
  }

  /**
   * The record a request's write-back is for: the new CRM record a repeat brought (repeat
   * activity), else the lead's own record; the default instance when there is none.
   */
  public static CrmRecord recordOf(NotifyRequest request) {
    if (request.getKind() == NotificationKind.NOTIFICATION_KIND_REPEAT_ACTIVITY) {
      return request.getRepeatCrmRecord();
    }
    return request.getLead().getCrmRecord();
  }

  /** Whether the request names a record to write an owner to (see {@link #recordOf}). */
  public static boolean hasRecord(NotifyRequest request) {
    return request.getKind() == NotificationKind.NOTIFICATION_KIND_REPEAT_ACTIVITY
        ? request.hasRepeatCrmRecord()
        : request.getLead().hasCrmRecord();
  }

  /** The delivery's address: names the record, holds no personal data. */
  public String address() {
    return address(system, objectType, recordId);
  }

  public static String address(CrmSystem system, String objectType, String recordId) {
    return crmName(system) + ":" + objectType + ":" + recordId;
  }

  /** SALESFORCE or HUBSPOT, as stored. */
  public static String crmName(CrmSystem system) {
    return system.name().substring("CRM_SYSTEM_".length()).toUpperCase(Locale.ROOT);
  }

  public String crm() {
    return crmName(system);
  }

  public String label() {
    return system == CrmSystem.CRM_SYSTEM_SALESFORCE ? "Salesforce" : "HubSpot";
  }
}
