package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadrouter sla report}: speed to lead. */
@Command(
    name = "sla",
    description = "First-touch SLA.",
    subcommands = {SlaCommand.Report.class})
final class SlaCommand {

  @Command(name = "report", description = "Speed to lead per rep, queue or segment.")
  static final class Report extends Leaf implements Callable<Integer> {
    @Option(names = "--from", defaultValue = "7d", description = "RFC 3339, or how long ago (7d).")
    String from;

    @Option(names = "--to", description = "RFC 3339, or how long ago (default now).")
    String to;

    @Option(names = "--by", defaultValue = "rep", description = "rep, queue or segment")
    String groupBy;

    @Override
    public Integer call() {
      Instant now = Instant.now();
      String grouping = groupBy.toLowerCase(Locale.ROOT);
      if (!List.of("rep", "queue", "segment").contains(grouping)) {
        throw new IllegalArgumentException("--by must be rep, queue or segment");
      }
      List<JsonNode> rows = new ArrayList<>();
      JsonNode last = null;
      String token = "";
      do {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", Durations.instantOrAgo(from, now).toString());
        query.put("to", (to == null ? now : Durations.instantOrAgo(to, now)).toString());
        query.put("group_by", "REPORT_GROUPING_" + grouping.toUpperCase(Locale.ROOT));
        query.put("page.page_size", "500");
        query.put("page.page_token", token);
        last = api().sla().get("/v1/reports/speed-to-lead", query);
        last.path("rows").forEach(rows::add);
        token = last.path("nextPageToken").asText("");
      } while (!token.isEmpty());
      Output out = output();
      if (out.json()) {
        var array = ApiClient.JSON.createArrayNode();
        rows.forEach(array::add);
        out.json(ApiClient.JSON.createObjectNode().set("rows", array));
        return ExitCode.OK;
      }
      List<List<String>> table = new ArrayList<>();
      for (JsonNode r : rows) {
        table.add(
            List.of(
                text(r, "key"),
                r.path("assigned").asText("0"),
                r.path("touched").asText("0"),
                text(r, "median"),
                text(r, "p90"),
                String.format(Locale.ROOT, "%.1f%%", 100 * r.path("breachRate").asDouble())));
      }
      out.table(
          List.of(
              grouping.toUpperCase(Locale.ROOT),
              "ASSIGNED",
              "TOUCHED",
              "MEDIAN",
              "P90",
              "BREACHED"),
          table);
      return ExitCode.OK;
    }
  }
}
