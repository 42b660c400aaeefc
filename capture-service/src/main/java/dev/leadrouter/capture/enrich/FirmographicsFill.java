package dev.leadrouter.capture.enrich;

import dev.leadrouter.v1.Lead;

/** Adds firmographics to a lead where it has nothing: what the contact told us always wins. */
public final class FirmographicsFill {
  private FirmographicsFill() {}

  public static Lead apply(Lead lead, Firmographics f) {
    Lead.Builder b = lead.toBuilder();
    var company = b.getCompanyBuilder();
    if (company.getName().isEmpty()) company.setName(f.companyName());
    if (company.getEmployeeCount() == 0) company.setEmployeeCount(Math.max(0, f.employeeCount()));
    if (company.getIndustry().isEmpty()) company.setIndustry(f.industry());
    if (b.getLocation().getCountryCode().isEmpty() && f.countryCode().matches("[A-Z]{2}")) {
      b.getLocationBuilder().setCountryCode(f.countryCode());
    }
    return b.build();
  }
}
