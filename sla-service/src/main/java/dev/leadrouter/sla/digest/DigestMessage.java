package dev.leadrouter.sla.digest;

import dev.leadrouter.v1.PrecomposedMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;

/** The text of one manager's escalation digest: every caught-up breach, oldest deadline first. */
public final class DigestMessage {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private DigestMessage() {}

  /** One breached lead in the digest. */
  public record Item(String repId, String leadId, String assignmentId, Instant deadline) {}

  public static PrecomposedMessage compose(List<Item> items) {
    List<Item> sorted =
        items.stream()
            .sorted(Comparator.comparing(Item::deadline).thenComparing(Item::leadId))
            .toList();
    StringBuilder text = new StringBuilder();
    text.append(sorted.size())
        .append(sorted.size() == 1 ? " lead" : " leads")
        .append(" on your team passed the first-touch deadline while leadrouter's SLA service")
        .append(" was not running or catching up, so they are listed here together instead of")
        .append(" one escalation each.\n\n");
    StringBuilder html = new StringBuilder("<p>").append(escape(text.toString().trim()));
    html.append("</p><table><tr><th>Rep</th><th>Lead</th><th>Deadline</th></tr>");
    for (Item i : sorted) {
      text.append("  ")
          .append(i.repId())
          .append("  lead ")
          .append(i.leadId())
          .append("  deadline ")
          .append(TIME.format(i.deadline()))
          .append('\n');
      html.append("<tr><td>")
          .append(escape(i.repId()))
          .append("</td><td>")
          .append(escape(i.leadId()))
          .append("</td><td>")
          .append(TIME.format(i.deadline()))
          .append("</td></tr>");
    }
    html.append("</table>");
    return PrecomposedMessage.newBuilder()
        .setSubject(
            "Escalation digest: "
                + sorted.size()
                + (sorted.size() == 1 ? " lead" : " leads")
                + " missed the first-touch SLA")
        .setText(text.toString())
        .setHtml(html.toString())
        .build();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
