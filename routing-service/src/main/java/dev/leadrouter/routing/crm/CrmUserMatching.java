package dev.leadrouter.routing.crm;

import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.CrmUserMatch;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.UnmatchedRep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Matches reps to CRM users by email (case-insensitive), the way sales teams identify people in
 * both systems. Pure: the users come in, the matches, the unmatched reps and the updated reps go
 * out.
 */
public final class CrmUserMatching {
  /** The outcome for one CRM. */
  public record Result(
      List<CrmUserMatch> matched, List<UnmatchedRep> unmatched, List<Rep> changed) {}

  private CrmUserMatching() {}

  /**
   * @param usersByEmail lower-cased email to the ids of the CRM's active users with that email
   */
  public static Result match(
      List<Rep> reps, CrmSystem system, Map<String, List<String>> usersByEmail) {
    String crm = system == CrmSystem.CRM_SYSTEM_SALESFORCE ? "Salesforce user" : "HubSpot owner";
    List<CrmUserMatch> matched = new ArrayList<>();
    List<UnmatchedRep> unmatched = new ArrayList<>();
    List<Rep> changed = new ArrayList<>();
    for (Rep rep : reps) {
      if (!rep.getActive()) {
        continue;
      }
      String email = key(rep.getEmail());
      List<String> ids = email.isEmpty() ? List.of() : usersByEmail.getOrDefault(email, List.of());
      if (email.isEmpty() || ids.size() != 1) {
        unmatched.add(
            UnmatchedRep.newBuilder()
                .setRepId(rep.getRepId())
                .setSystem(system)
                .setReason(
                    email.isEmpty()
                        ? "rep has no email"
                        : ids.isEmpty()
                            ? "no active " + crm + " with this email"
                            : ids.size() + " active " + crm + "s share this email")
                .build());
        continue;
      }
      String id = ids.get(0);
      boolean differs = !id.equals(current(rep, system));
      matched.add(
          CrmUserMatch.newBuilder()
              .setRepId(rep.getRepId())
              .setSystem(system)
              .setCrmUserId(id)
              .setChanged(differs)
              .build());
      if (differs) {
        changed.add(with(rep, system, id));
      }
    }
    return new Result(matched, unmatched, changed);
  }

  public static String key(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }

  static String current(Rep rep, CrmSystem system) {
    return system == CrmSystem.CRM_SYSTEM_SALESFORCE
        ? rep.getCrmUserIds().getSalesforceUserId()
        : rep.getCrmUserIds().getHubspotOwnerId();
  }

  static Rep with(Rep rep, CrmSystem system, String id) {
    Rep.Builder b = rep.toBuilder();
    if (system == CrmSystem.CRM_SYSTEM_SALESFORCE) {
      b.getCrmUserIdsBuilder().setSalesforceUserId(id);
    } else {
      b.getCrmUserIdsBuilder().setHubspotOwnerId(id);
    }
    return b.build();
  }
}
