package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadrouter assignments tail}: watch leads being routed. */
@Command(
    name = "assignments",
    description = "Follow routing decisions.",
    subcommands = {AssignmentsCommand.Tail.class})
final class AssignmentsCommand {

  @Command(
      name = "tail",
      description = "Print new assignments with their why, as they happen (Ctrl-C stops).")
  static final class Tail extends Leaf implements Callable<Integer> {
    @Option(names = "--since", description = "Start this far back, e.g. 1h (default: now).")
    String since;

    @Option(names = "--interval", defaultValue = "2s", description = "How often to look.")
    String interval;

    @Option(names = "--count", description = "Stop after this many assignments.")
    Integer count;

    @Option(names = "--rep", description = "Only this rep's assignments.")
    String rep;

    @Override
    public Integer call() throws InterruptedException {
      Instant from = since == null ? Instant.now() : Instant.now().minus(Durations.parse(since));
      Duration every = Durations.parse(interval);
      // Assignments are listed newest first; ids already printed are remembered so a window that
      // overlaps the last one prints nothing twice.
      Set<String> seen = new HashSet<>();
      int printed = 0;
      Output out = output();
      while (count == null || printed < count) {
        List<JsonNode> fresh = new ArrayList<>();
        String token = "";
        do {
          Map<String, String> query = new LinkedHashMap<>();
          query.put("from", from.toString());
          query.put("page.page_size", "200");
          query.put("page.page_token", token);
          query.put("rep_id", rep);
          JsonNode page = api().routing().get("/v1/assignments", query);
          for (JsonNode a : page.path("assignments")) {
            if (seen.add(a.path("assignmentId").asText())) {
              fresh.add(a);
            }
          }
          token = page.path("nextPageToken").asText("");
        } while (!token.isEmpty());
        for (int i = fresh.size() - 1; i >= 0 && (count == null || printed < count); i--) {
          print(out, fresh.get(i));
          printed++;
          Instant decided = Instant.parse(fresh.get(i).path("decidedAt").asText());
          if (decided.isAfter(from)) {
            from = decided.minusSeconds(5); // clocks of replicas may differ a little
          }
        }
        if (count != null && printed >= count) {
          break;
        }
        Thread.sleep(every.toMillis()); // a CLI polling loop, not an event loop
      }
      return ExitCode.OK;
    }

    private static void print(Output out, JsonNode a) {
      if (out.json()) {
        try {
          out.line(ApiClient.JSON.writeValueAsString(a));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
        return;
      }
      out.line(
          text(a, "decidedAt")
              + "  lead "
              + text(a, "leadId")
              + " -> "
              + text(a, "repId")
              + " (queue "
              + text(a, "queueId")
              + ", rule "
              + (text(a, "ruleId").isEmpty() ? "-" : text(a, "ruleId"))
              + ")  why: "
              + text(a, "reason"));
    }
  }
}
