package dev.leadrouter.capture.dedupe;

import com.google.protobuf.Timestamp;
import dev.leadrouter.v1.CrmRecord;
import dev.leadrouter.v1.Lead;
import java.time.Instant;
import java.util.LinkedHashSet;

/**
 * Folds a repeat submission into the existing lead of the same person. The existing lead's values
 * win (the owner already works with them, routing decided on them); the repeat only fills what was
 * missing, adds new product interests, attributes and flags. Identity, source and receipt time stay
 * those of the first submission.
 */
public final class LeadMerge {
  private static final int MAX_ATTRIBUTES = 50;
  private static final int MAX_PRODUCT_INTERESTS = 20;

  /**
   * The CRM record the repeat brings that the existing lead does not already stand for (a new
   * Salesforce Lead or HubSpot contact of the same person); null if none. The existing lead keeps
   * its own record; this one must still get the lead's owner written back.
   */
  public static CrmRecord newCrmRecord(Lead existing, Lead repeat) {
    if (!repeat.hasCrmRecord() || repeat.getCrmRecord().getRecordId().isEmpty()) {
      return null;
    }
    CrmRecord r = repeat.getCrmRecord();
    CrmRecord own = existing.getCrmRecord();
    boolean same =
        existing.hasCrmRecord()
            && own.getSystem() == r.getSystem()
            && own.getObjectType().equals(r.getObjectType())
            && own.getRecordId().equals(r.getRecordId());
    return same ? null : r;
  }

  public Lead merge(Lead existing, Lead repeat, Instant now) {
    Lead.Builder b = existing.toBuilder();
    var c = b.getContactBuilder();
    var rc = repeat.getContact();
    if (c.getFirstName().isEmpty()) c.setFirstName(rc.getFirstName());
    if (c.getLastName().isEmpty()) c.setLastName(rc.getLastName());
    if (c.getEmail().isEmpty()) c.setEmail(rc.getEmail());
    if (c.getPhone().isEmpty()) c.setPhone(rc.getPhone());
    if (c.getTitle().isEmpty()) c.setTitle(rc.getTitle());
    if (c.getLanguage().isEmpty()) c.setLanguage(rc.getLanguage());
    if (!existing.hasCompany()
        || (existing.getCompany().getName().isEmpty()
            && existing.getCompany().getDomain().isEmpty())) {
      b.setCompany(repeat.getCompany());
    }
    if (existing.getLocation().getCountryCode().isEmpty()
        && !repeat.getLocation().getCountryCode().isEmpty()) {
      b.setLocation(repeat.getLocation());
    }
    if (b.getInquiryText().isEmpty()) b.setInquiryText(repeat.getInquiryText());
    if (!b.hasDealValue() && repeat.hasDealValue()) b.setDealValue(repeat.getDealValue());
    b.setScore(Math.max(existing.getScore(), repeat.getScore()));

    var interests = new LinkedHashSet<>(existing.getProductInterestsList());
    interests.addAll(repeat.getProductInterestsList());
    b.clearProductInterests()
        .addAllProductInterests(interests.stream().limit(MAX_PRODUCT_INTERESTS).toList());
    repeat
        .getAttributesMap()
        .forEach(
            (k, v) -> {
              if (!b.containsAttributes(k) && b.getAttributesCount() < MAX_ATTRIBUTES) {
                b.putAttributes(k, v);
              }
            });
    var flags = new LinkedHashSet<>(existing.getFlagsList());
    flags.addAll(repeat.getFlagsList());
    b.clearFlags().addAllFlags(flags);
    b.setUpdatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    return b.build();
  }
}
