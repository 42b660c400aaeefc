package dev.leadrouter.runtime.privacy;

import dev.leadrouter.v1.Lead;

/**
 * What of a lead is personal data, for GDPR erasure. The person (contact details, consent record,
 * the free text they wrote, free-form attributes, the page they came from) goes; what describes the
 * company, the location and the deal stays, so statistics keep working and a lead can still be
 * re-routed by the same rules.
 */
public final class PersonalData {
  private PersonalData() {}

  public static Lead strip(Lead lead) {
    Lead.Builder b =
        lead.toBuilder()
            .clearContact()
            .clearConsent()
            .clearAttributes()
            .clearInquiryText()
            .clearExternalId();
    if (b.hasSource() && b.getSource().hasCampaign()) {
      // Landing and referrer URLs can carry e-mail addresses or names in their query strings.
      b.getSourceBuilder().getCampaignBuilder().clearLandingPageUrl().clearReferrerUrl();
    }
    // A city and full postal code can single a person out in a small place; region and prefix
    // cannot.
    b.getLocationBuilder().clearCity().setPostalCode(prefix(lead.getLocation().getPostalCode()));
    return b.build();
  }

  private static String prefix(String postalCode) {
    return postalCode.length() <= 3 ? postalCode : postalCode.substring(0, 3);
  }
}
