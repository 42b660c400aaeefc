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

/** A HubSpot contact's properties (CRM v3) as a leadrouter lead. */
public final class HubSpotContactMapping {
  /** The contact properties capture reads. */
  public static final List<String> PROPERTIES =
      List.of(
          "email",
          "firstname",
          "lastname",
          "phone",
          "mobilephone",
          "jobtitle",
          "company",
          "website",
          "industry",
          "numemployees",
          "country",
          "state",
          "city",
          "zip",
          "hs_analytics_source",
          "message",
          "hubspot_owner_id");

  public static final String SOURCE_ID = "hubspot";

  private HubSpotContactMapping() {}

  public static Lead toLead(String contactId, JsonObject p) {
    Lead.Builder lead =
        Lead.newBuilder()
            .setExternalId(contactId)
            .setSource(
                LeadSource.newBuilder()
                    .setChannel(SourceChannel.SOURCE_CHANNEL_CRM_WEBHOOK)
                    .setSourceId(SOURCE_ID))
            .setCrmRecord(
                CrmRecord.newBuilder()
                    .setSystem(CrmSystem.CRM_SYSTEM_HUBSPOT)
                    .setObjectType("contacts")
                    .setRecordId(contactId)
                    .setOwnerIdAtCapture(text(p, "hubspot_owner_id")));
    lead.setContact(
        Contact.newBuilder()
            .setFirstName(text(p, "firstname"))
            .setLastName(text(p, "lastname"))
            .setEmail(text(p, "email"))
            .setPhone(!text(p, "phone").isEmpty() ? text(p, "phone") : text(p, "mobilephone"))
            .setTitle(text(p, "jobtitle")));
    Company.Builder company =
        Company.newBuilder()
            .setName(text(p, "company"))
            .setWebsite(text(p, "website"))
            .setIndustry(text(p, "industry"));
    // numemployees is an enumeration such as "25-50" or "1000+": its lower bound is a fair count.
    String employees = text(p, "numemployees").replaceAll("[^0-9].*$", "");
    if (!employees.isEmpty() && employees.length() < 9) {
      company.setEmployeeCount(Integer.parseInt(employees));
    }
    lead.setCompany(company);
    lead.setLocation(
        Location.newBuilder()
            .setCountryCode(text(p, "country"))
            .setRegionCode(text(p, "state"))
            .setCity(text(p, "city"))
            .setPostalCode(text(p, "zip")));
    lead.setInquiryText(text(p, "message"));
    if (!text(p, "hs_analytics_source").isEmpty()) {
      lead.putAttributes("hubspot_analytics_source", text(p, "hs_analytics_source"));
    }
    return lead.build();
  }

  private static String text(JsonObject p, String field) {
    Object v = p.getValue(field);
    return v == null ? "" : v.toString().strip();
  }
}
