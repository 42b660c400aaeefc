package dev.leadrouter.routing.availability;

import dev.leadrouter.routing.matrix.RequiredSkills;
import dev.leadrouter.v1.OutOfOffice;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.SkipReason;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a rep may take a lead now, and if not, the first reason why (in this order: deactivated,
 * earlier owner/excluded, status, out of office, outside working hours, missing skill). Capacity is
 * judged separately, against counters that live in the database.
 */
public final class Availability {

  /**
   * The outcome for one rep; {@code reason} is {@link SkipReason#SKIP_REASON_NONE} when eligible.
   */
  public record Verdict(SkipReason reason, String detail) {
    public boolean eligible() {
      return reason == SkipReason.SKIP_REASON_NONE;
    }
  }

  private static final Verdict OK = new Verdict(SkipReason.SKIP_REASON_NONE, "available");

  public Verdict check(Rep rep, RequiredSkills required, Set<String> excluded, Instant now) {
    if (rep == null) {
      return new Verdict(SkipReason.SKIP_REASON_INACTIVE, "unknown rep");
    }
    if (!rep.getActive()) {
      return new Verdict(SkipReason.SKIP_REASON_INACTIVE, "deactivated");
    }
    if (excluded.contains(rep.getRepId())) {
      return new Verdict(
          SkipReason.SKIP_REASON_PREVIOUS_OWNER, "owned the lead before or excluded");
    }
    if (rep.getStatus() == RepStatus.REP_STATUS_AWAY
        || rep.getStatus() == RepStatus.REP_STATUS_OFFLINE) {
      return new Verdict(
          SkipReason.SKIP_REASON_STATUS,
          "status "
              + rep.getStatus().name().substring("REP_STATUS_".length()).toLowerCase(Locale.ROOT));
    }
    for (OutOfOffice ooo : rep.getOutOfOfficeList()) {
      Instant start = Instant.ofEpochSecond(ooo.getStart().getSeconds(), ooo.getStart().getNanos());
      Instant end = Instant.ofEpochSecond(ooo.getEnd().getSeconds(), ooo.getEnd().getNanos());
      if (!now.isBefore(start) && now.isBefore(end)) {
        return new Verdict(SkipReason.SKIP_REASON_OUT_OF_OFFICE, "out of office until " + end);
      }
    }
    if (!WorkingHours.within(rep, now)) {
      return new Verdict(
          SkipReason.SKIP_REASON_OUTSIDE_WORKING_HOURS,
          "outside working hours ("
              + now.atZone(WorkingHours.zone(rep)).toLocalDateTime().withNano(0)
              + " "
              + WorkingHours.zone(rep)
              + ")");
    }
    String missing = missingSkill(rep, required);
    if (missing != null) {
      return new Verdict(SkipReason.SKIP_REASON_MISSING_SKILL, "lacks " + missing);
    }
    return OK;
  }

  /**
   * Languages match on the primary subtag ("de" covers "de-CH"); products and skills match exactly.
   */
  private static String missingSkill(Rep rep, RequiredSkills required) {
    for (String language : required.languages()) {
      String primary = primary(language);
      if (rep.getLanguagesList().stream().noneMatch(l -> primary(l).equals(primary))) {
        return "language " + language;
      }
    }
    for (String product : required.products()) {
      if (!rep.getProductsList().contains(product)) {
        return "product " + product;
      }
    }
    for (String skill : required.skills()) {
      if (!rep.getSkillsList().contains(skill)) {
        return "skill " + skill;
      }
    }
    return null;
  }

  private static String primary(String tag) {
    int dash = tag.indexOf('-');
    return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
  }
}
