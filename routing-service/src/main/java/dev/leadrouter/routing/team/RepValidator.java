package dev.leadrouter.routing.team;

import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Rep;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a rep before it is stored: an id usable in matrices, reachable contact details, a real time zone. */
public final class RepValidator {
  private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s]+$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

  public List<Violation> validate(Rep rep) {
    List<Violation> v = new ArrayList<>();
    if (!ID.matcher(rep.getRepId()).matches()) {
      v.add(new Violation("rep.rep_id", "1 to 64 lower-case letters, digits, '.', '_' or '-'"));
    }
    if (rep.getDisplayName().isBlank() || rep.getDisplayName().length() > 100) {
      v.add(new Violation("rep.display_name", "required, at most 100 characters"));
    }
    if (!EMAIL.matcher(rep.getEmail()).matches()) {
      v.add(new Violation("rep.email", "a valid email address is required: new leads are sent there"));
    }
    if (!rep.getPhone().isEmpty() && !E164.matcher(rep.getPhone()).matches()) {
      v.add(new Violation("rep.phone", "must be E.164, like +14155550100"));
    }
    zone(v, "rep.time_zone", rep.getTimeZone());
    if (rep.hasWorkingHours()) {
      zone(v, "rep.working_hours.time_zone", rep.getWorkingHours().getTimeZone());
    }
    if (rep.getCapacity().getMaxOpenLeads() < 0 || rep.getCapacity().getMaxLeadsPerDay() < 0) {
      v.add(new Violation("rep.capacity", "limits must not be negative (0 = unlimited)"));
    }
    return v;
  }

  private static void zone(List<Violation> v, String field, String zone) {
    if (zone.isEmpty()) {
      return;
    }
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      v.add(new Violation(field, "unknown time zone '" + zone + "'; use an IANA name like America/New_York"));
    }
  }
}
