package dev.leadrouter.runtime.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Campaign;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Consent;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

  @Test
  void thePersonGoesTheCompanyLocationAndDealStay() {
    Lead lead =
        Lead.newBuilder()
            .setLeadId("7d3c2a1e-0000-4000-8000-000000000001")
            .setExternalId("crm-123")
            .setContact(
                Contact.newBuilder()
                    .setFirstName("Erin")
                    .setLastName("Erasable")
                    .setEmail("erin@x.example")
                    .setPhone("+14155550123"))
            .setConsent(Consent.newBuilder().setIpAddress("203.0.113.9").setMarketingEmail(true))
            .setCompany(
                Company.newBuilder()
                    .setName("Acme")
                    .setDomain("acme.example")
                    .setEmployeeCount(250))
            .setLocation(
                Location.newBuilder()
                    .setCountryCode("US")
                    .setRegionCode("US-CA")
                    .setCity("Smallville")
                    .setPostalCode("94107"))
            .setSource(
                LeadSource.newBuilder()
                    .setSourceId("web")
                    .setCampaign(
                        Campaign.newBuilder()
                            .setUtmCampaign("spring")
                            .setLandingPageUrl("https://x.example/?email=erin@x.example")))
            .putAttributes("how_did_you_hear", "my friend Bob Smith")
            .setInquiryText("Call me at home")
            .addProductInterests("analytics")
            .setScore(70)
            .build();

    Lead stripped = PersonalData.strip(lead);

    assertThat(stripped.hasContact()).isFalse();
    assertThat(stripped.hasConsent()).isFalse();
    assertThat(stripped.getAttributesMap()).isEmpty();
    assertThat(stripped.getInquiryText()).isEmpty();
    assertThat(stripped.getExternalId()).isEmpty();
    assertThat(stripped.getSource().getCampaign().getLandingPageUrl()).isEmpty();
    assertThat(stripped.getLocation().getCity()).isEmpty();
    assertThat(stripped.getLocation().getPostalCode()).isEqualTo("941");
    assertThat(stripped.toString())
        .doesNotContain("erin")
        .doesNotContain("Erasable")
        .doesNotContain("4155550123")
        .doesNotContain("Bob");

    assertThat(stripped.getLeadId()).isEqualTo(lead.getLeadId());
    assertThat(stripped.getCompany()).isEqualTo(lead.getCompany());
    assertThat(stripped.getLocation().getCountryCode()).isEqualTo("US");
    assertThat(stripped.getLocation().getRegionCode()).isEqualTo("US-CA");
    assertThat(stripped.getSource().getCampaign().getUtmCampaign()).isEqualTo("spring");
    assertThat(stripped.getProductInterestsList()).containsExactly("analytics");
    assertThat(stripped.getScore()).isEqualTo(70);
  }
}
