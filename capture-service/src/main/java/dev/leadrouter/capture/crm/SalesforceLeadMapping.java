package dev.leadrouter.capture.crm;

import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.SourceChannel;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A Salesforce Lead record (as the REST API returns it) as a leadrouter lead. Capture's normalizer
 * then cleans it like any other source's: Salesforce's free-text Country and State become codes.
 */
public final class SalesforceLeadMapping {
  /** The Lead fields the poller asks for. */
  public static final List<String> FIELDS =
      List.of(
          "Id",
          "FirstName",
          "LastName",
          "Email",
          "Phone",
          "MobilePhone",
          "Title",
          "Company",
          "Website",
          "Industry",
          "NumberOfEmployees",
          "Country",
          "State",
          "City",
          "PostalCode",
          "LeadSource",
          "Description",
          "OwnerId",
          "CreatedDate");

  public static final String SOURCE_ID = "salesforce";

  private SalesforceLeadMapping() {}

  public static Lead toLead(JsonObject r) {
    Lead.Builder lead =
        Lead.newBuilder()
            .setExternalId(text(r, "Id"))
            .setSource(
                LeadSource.newBuilder()
                    .setChannel(SourceChannel.SOURCE_CHANNEL_CRM_WEBHOOK)
                    .setSourceId(SOURCE_ID))
            .setCrmRecord(
                CrmRecord.newBuilder()
                    .setSystem(CrmSystem.CRM_SYSTEM_SALESFORCE)
                    .setObjectType("Lead")
                    .setRecordId(text(r, "Id"))
                    .setOwnerIdAtCapture(text(r, "OwnerId")));
    Contact.Builder contact =
        Contact.newBuilder()
            .setFirstName(text(r, "FirstName"))
            .setLastName(text(r, "LastName"))
            .setEmail(text(r, "Email"))
            .setPhone(!text(r, "Phone").isEmpty() ? text(r, "Phone") : text(r, "MobilePhone"))
            .setTitle(text(r, "Title"));
    lead.setContact(contact);
    Company.Builder company =
        Company.newBuilder()
            .setName(text(r, "Company"))
            .setWebsite(text(r, "Website"))
            .setIndustry(text(r, "Industry"));
    if (r.getValue("NumberOfEmployees") instanceof Number n && n.intValue() > 0) {
      company.setEmployeeCount(n.intValue());
    }
    lead.setCompany(company);
    lead.setLocation(
        Location.newBuilder()
            .setCountryCode(text(r, "Country"))
            .setRegionCode(text(r, "State"))
            .setCity(text(r, "City"))
            .setPostalCode(text(r, "PostalCode")));
    lead.setInquiryText(text(r, "Description"));
    if (!text(r, "LeadSource").isEmpty()) {
      lead.putAttributes("salesforce_lead_source", text(r, "LeadSource"));
    }
    return lead.build();
  }

  private static String text(JsonObject r, String field) {
    Object v = r.getValue(field);
    return v == null ? "" : v.toString().strip();
  }
}
