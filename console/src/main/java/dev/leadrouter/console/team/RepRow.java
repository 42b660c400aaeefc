package dev.leadrouter.console.team;

import com.google.protobuf.Timestamp;
import dev.leadrouter.console.ProtoMaps;
import dev.leadrouter.v1.OutOfOffice;
import dev.leadrouter.v1.Rep;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rep as a Team page row: status, absences and working hours in the rep's own time zone, caps,
 * open load and the queues (with weights) the published matrix puts them in.
 */
public final class RepRow {
  private RepRow() {}

  public static Map<String, Object> of(
      Rep rep, int open, List<QueueMemberships.Membership> queues, Instant now) {
    Map<String, Object> view = new HashMap<>(ProtoMaps.of(rep));
    ZoneId zone = zone(rep.getTimeZone());
    view.put("open", open);
    view.put("outNow", outNow(rep, now));
    view.put(
        "absences",
        rep.getOutOfOfficeList().stream()
            .filter(o -> o.getEnd().getSeconds() > now.getEpochSecond())
            .map(o -> local(o.getStart(), zone) + " → " + local(o.getEnd(), zone) + note(o))
            .toList());
    view.put("localTime", now.atZone(zone).toLocalTime().withNano(0).withSecond(0).toString());
    view.put("statusName", rep.getStatus().name().replace("REP_STATUS_", "").toLowerCase());
    view.put("hours", WorkingHoursText.of(rep.getWorkingHours()));
    view.put(
        "caps",
        cap(rep.getCapacity().getMaxOpenLeads())
            + " open / "
            + cap(rep.getCapacity().getMaxLeadsPerDay())
            + " a day");
    view.put("queues", queues.stream().map(QueueMemberships.Membership::text).toList());
    view.put("weighted", queues.stream().anyMatch(q -> q.weight() != null));
    return view;
  }

  public static boolean outNow(Rep rep, Instant now) {
    return rep.getOutOfOfficeList().stream().anyMatch(o -> covers(o, now));
  }

  public static boolean covers(OutOfOffice o, Instant now) {
    return o.getStart().getSeconds() <= now.getEpochSecond()
        && now.getEpochSecond() < o.getEnd().getSeconds();
  }

  private static String cap(int value) {
    return value == 0 ? "no cap" : Integer.toString(value);
  }

  private static String note(OutOfOffice o) {
    return o.getNote().isEmpty() ? "" : " (" + o.getNote() + ")";
  }

  private static String local(Timestamp t, ZoneId zone) {
    return Instant.ofEpochSecond(t.getSeconds())
        .atZone(zone)
        .toLocalDateTime()
        .toString()
        .replace('T', ' ');
  }

  /** The rep's zone; an unknown one (stored before validation existed) shows as UTC. */
  static ZoneId zone(String id) {
    try {
      return id.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(id);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }
}
