package dev.leadrouter.capture.lead;

import dev.leadrouter.v1.Lead;
import java.util.Locale;

/**
 * Puts a lead's fields into the canonical form routing rules and deduplication rely on:
 * trimmed text, lower-case e-mail, upper-case ISO codes, phone without formatting.
 */
public final class LeadNormalizer {

  public Lead normalize(Lead in) {
    Lead.Builder b = in.toBuilder();
    var contact = b.getContactBuilder();
    contact.setFirstName(contact.getFirstName().strip())
        .setLastName(contact.getLastName().strip())
        .setEmail(contact.getEmail().strip().toLowerCase(Locale.ROOT))
        .setPhone(phone(contact.getPhone()))
        .setTitle(contact.getTitle().strip())
        .setLanguage(contact.getLanguage().strip());
    var company = b.getCompanyBuilder();
    company.setName(company.getName().strip()).setDomain(company.getDomain().strip().toLowerCase(Locale.ROOT));
    var location = b.getLocationBuilder();
    location.setCountryCode(location.getCountryCode().strip().toUpperCase(Locale.ROOT))
        .setRegionCode(location.getRegionCode().strip().toUpperCase(Locale.ROOT))
        .setCity(location.getCity().strip())
        .setPostalCode(location.getPostalCode().strip());
    return b.build();
  }

  /** Keeps a leading + and the digits: "+1 (415) 555-0100" becomes "+14155550100". */
  static String phone(String raw) {
    String s = raw.strip();
    if (s.isEmpty()) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    if (s.startsWith("+")) {
      out.append('+');
    }
    for (char c : s.toCharArray()) {
      if (c >= '0' && c <= '9') {
        out.append(c);
      }
    }
    return out.toString();
  }
}
