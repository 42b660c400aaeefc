package dev.leadrouter.capture.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.Lead;
import org.junit.jupiter.api.Test;

class LeadMergeTest {
  private static CrmRecord record(CrmSystem system, String type, String id) {
    return CrmRecord.newBuilder().setSystem(system).setObjectType(type).setRecordId(id).build();
  }

  private static Lead lead(CrmRecord r) {
    Lead.Builder b = Lead.newBuilder().setLeadId("l-1");
    if (r != null) {
      b.setCrmRecord(r);
    }
    return b.build();
  }

  @Test
  void aRepeatFromACrmBringsItsRecordToGetTheOwner() {
    CrmRecord sf = record(CrmSystem.CRM_SYSTEM_SALESFORCE, "Lead", "00Q5g0000012345AAA");
    CrmRecord hs = record(CrmSystem.CRM_SYSTEM_HUBSPOT, "contacts", "51234");
    assertThat(LeadMerge.newCrmRecord(lead(null), lead(sf))).isEqualTo(sf);
    assertThat(LeadMerge.newCrmRecord(lead(hs), lead(sf))).isEqualTo(sf);
    assertThat(
            LeadMerge.newCrmRecord(
                lead(sf),
                lead(record(CrmSystem.CRM_SYSTEM_SALESFORCE, "Lead", "00Q5g0000099999AAA"))))
        .isNotNull();
  }

  @Test
  void theLeadsOwnRecordOrNoRecordBringsNothing() {
    CrmRecord sf = record(CrmSystem.CRM_SYSTEM_SALESFORCE, "Lead", "00Q5g0000012345AAA");
    assertThat(LeadMerge.newCrmRecord(lead(sf), lead(sf))).isNull();
    assertThat(LeadMerge.newCrmRecord(lead(sf), lead(null))).isNull();
  }

  @Test
  void theMergedLeadKeepsItsOwnRecord() {
    CrmRecord own = record(CrmSystem.CRM_SYSTEM_HUBSPOT, "contacts", "51234");
    CrmRecord other = record(CrmSystem.CRM_SYSTEM_SALESFORCE, "Lead", "00Q5g0000012345AAA");
    Lead merged = new LeadMerge().merge(lead(own), lead(other), java.time.Instant.now());
    assertThat(merged.getCrmRecord()).isEqualTo(own);
  }
}
