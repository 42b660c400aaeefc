package dev.leadrouter.sla.weekly;

import dev.leadrouter.v1.PrecomposedMessage;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Writes one manager's weekly breach report: a line per rep, worst first. */
public final class BreachReport {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

  private BreachReport() {}

  /** The report id, unique per period and used as notify's idempotency key. */
  public static String reportId(WeeklySchedule.Period period) {
    return "sla-week-" + period.end().getEpochSecond();
  }

  public static PrecomposedMessage compose(
      WeeklySchedule.Period period, ZoneId zone, List<RepWeek> reps) {
    List<RepWeek> sorted =
        reps.stream()
            .sorted(
                Comparator.comparingLong(RepWeek::breached)
                    .reversed()
                    .thenComparing(RepWeek::repId))
            .toList();
    long assigned = sorted.stream().mapToLong(RepWeek::assigned).sum();
    long breached = sorted.stream().mapToLong(RepWeek::breached).sum();
    String range =
        DAY.format(period.start().atZone(zone)) + " to " + DAY.format(period.end().atZone(zone));
    String subject = "SLA breaches " + range + ": " + breached + " of " + assigned + " leads";

    StringBuilder text =
        new StringBuilder()
            .append("First-touch SLA report for your team, ")
            .append(range)
            .append(" (")
            .append(zone)
            .append(")\n\n")
            .append(breached)
            .append(" of ")
            .append(assigned)
            .append(" leads missed their first-touch deadline.\n\n");
    StringBuilder html =
        new StringBuilder()
            .append("<p>First-touch SLA report for your team, ")
            .append(escape(range))
            .append(" (")
            .append(escape(zone.getId()))
            .append(")</p><p><strong>")
            .append(breached)
            .append(" of ")
            .append(assigned)
            .append("</strong> leads missed their first-touch deadline.</p>")
            .append(
                "<table><thead><tr><th>Rep</th><th>Leads</th><th>Breached</th><th>Never touched</th>"
                    + "<th>Median time to touch</th></tr></thead><tbody>");
    for (RepWeek r : sorted) {
      String median = r.medianTimeToTouch() == null ? "-" : human(r.medianTimeToTouch());
      text.append("  ")
          .append(r.repId())
          .append(": ")
          .append(r.breached())
          .append(" breached of ")
          .append(r.assigned())
          .append(", ")
          .append(r.untouched())
          .append(" never touched, median time to touch ")
          .append(median)
          .append('\n');
      html.append("<tr><td>")
          .append(escape(r.repId()))
          .append("</td><td>")
          .append(r.assigned())
          .append("</td><td>")
          .append(r.breached())
          .append("</td><td>")
          .append(r.untouched())
          .append("</td><td>")
          .append(escape(median))
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
    return PrecomposedMessage.newBuilder()
        .setSubject(subject)
        .setText(text.toString())
        .setHtml(html.toString())
        .build();
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m " + (s % 60) + "s";
    }
    return (s / 3600) + "h " + (s % 3600 / 60) + "m";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
