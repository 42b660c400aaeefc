package dev.leadrouter.routing.team;

import com.google.protobuf.util.Timestamps;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.WorkingWindow;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a rep before it is stored: an id usable in matrices, reachable contact details, a real
 * time zone.
 */
public final class RepValidator {
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_.@-]{1,64}$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s]+$");
  private static final Pattern HHMM = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

  public List<Violation> validate(Rep rep) {
    List<Violation> v = new ArrayList<>();
    if (!ID.matcher(rep.getRepId()).matches()) {
      v.add(new Violation("rep.rep_id", "1 to 64 letters, digits, '_', '.', '@' or '-'"));
    }
    if (rep.getDisplayName().isBlank() || rep.getDisplayName().length() > 256) {
      v.add(new Violation("rep.display_name", "required, at most 256 characters"));
    }
    if (!EMAIL.matcher(rep.getEmail()).matches()) {
      v.add(
          new Violation(
              "rep.email", "a valid email address is required: new leads are sent there"));
    }
    if (!rep.getPhone().isEmpty() && !E164.matcher(rep.getPhone()).matches()) {
      v.add(new Violation("rep.phone", "must be E.164, like +14155550100"));
    }
    if (rep.getTimeZone().isEmpty()) {
      v.add(
          new Violation(
              "rep.time_zone",
              "required: an IANA time zone like America/New_York (daily caps and working hours use it)"));
    }
    zone(v, "rep.time_zone", rep.getTimeZone());
    if (rep.hasWorkingHours()) {
      zone(v, "rep.working_hours.time_zone", rep.getWorkingHours().getTimeZone());
      windows(v, rep.getWorkingHours().getWindowsList());
    }
    for (int i = 0; i < rep.getOutOfOfficeCount(); i++) {
      var ooo = rep.getOutOfOffice(i);
      if (!ooo.hasStart()
          || !ooo.hasEnd()
          || Timestamps.compare(ooo.getEnd(), ooo.getStart()) <= 0) {
        v.add(
            new Violation(
                "rep.out_of_office[" + i + "]",
                "start and end are required and end must be after start"));
      }
    }
    if (rep.getCapacity().getMaxOpenLeads() < 0 || rep.getCapacity().getMaxLeadsPerDay() < 0) {
      v.add(new Violation("rep.capacity", "limits must not be negative (0 = unlimited)"));
    }
    crmUserIds(v, rep);
    return v;
  }

  /** CRM ids are written into CRM records as owners: a malformed one would fail every write. */
  private static void crmUserIds(List<Violation> v, Rep rep) {
    String sf = rep.getCrmUserIds().getSalesforceUserId();
    if (!sf.isEmpty() && !sf.matches("005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?")) {
      v.add(
          new Violation(
              "rep.crm_user_ids.salesforce_user_id",
              "a Salesforce User id: 15 or 18 letters and digits starting 005"));
    }
    String hs = rep.getCrmUserIds().getHubspotOwnerId();
    if (!hs.isEmpty() && !hs.matches("[0-9]{1,20}")) {
      v.add(new Violation("rep.crm_user_ids.hubspot_owner_id", "a HubSpot owner id: digits"));
    }
  }

  /** Windows are same-day "HH:MM" ranges; a shift past midnight is written as two windows. */
  private static void windows(List<Violation> v, List<WorkingWindow> windows) {
    for (int i = 0; i < windows.size(); i++) {
      WorkingWindow w = windows.get(i);
      String path = "rep.working_hours.windows[" + i + "]";
      if (w.getDayOfWeek() < 1 || w.getDayOfWeek() > 7) {
        v.add(new Violation(path + ".day_of_week", "1 (Monday) to 7 (Sunday)"));
      }
      LocalTime start = HHMM.matcher(w.getStart()).matches() ? LocalTime.parse(w.getStart()) : null;
      boolean endOfDay = w.getEnd().equals("24:00");
      LocalTime end =
          !endOfDay && HHMM.matcher(w.getEnd()).matches() ? LocalTime.parse(w.getEnd()) : null;
      if (start == null) {
        v.add(new Violation(path + ".start", "local time HH:MM, e.g. 09:00"));
      }
      if (end == null && !endOfDay) {
        v.add(new Violation(path + ".end", "local time HH:MM or 24:00, e.g. 17:30"));
      } else if (start != null && end != null && !end.isAfter(start)) {
        v.add(
            new Violation(
                path + ".end",
                "must be after start; split a shift that crosses midnight into two windows"));
      }
    }
  }

  private static void zone(List<Violation> v, String field, String zone) {
    if (zone.isEmpty()) {
      return;
    }
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      v.add(
          new Violation(
              field, "unknown time zone '" + zone + "'; use an IANA name like America/New_York"));
    }
  }
}
