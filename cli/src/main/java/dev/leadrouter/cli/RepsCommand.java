package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leadrouter reps ...}: the sales team. */
@Command(
    name = "reps",
    description = "List reps, mark them out of office, set their status, import a team file.",
    subcommands = {
      RepsCommand.ListReps.class,
      RepsCommand.Ooo.class,
      RepsCommand.Status.class,
      RepsCommand.Import.class
    })
final class RepsCommand {

  @Command(name = "list", description = "Reps by id.")
  static final class ListReps extends Leaf implements Callable<Integer> {
    @Option(names = "--all", description = "Include deactivated reps.")
    boolean all;

    @Override
    public Integer call() {
      ArrayNode reps = ApiClient.JSON.createArrayNode();
      String token = "";
      do {
        JsonNode page =
            api()
                .routing()
                .get(
                    "/v1/reps",
                    Map.of(
                        "page.page_size",
                        "500",
                        "page.page_token",
                        token,
                        "include_inactive",
                        String.valueOf(all)));
        page.path("reps").forEach(reps::add);
        token = page.path("nextPageToken").asText("");
      } while (!token.isEmpty());
      Output out = output();
      if (out.json()) {
        out.json(ApiClient.JSON.createObjectNode().set("reps", reps));
        return ExitCode.OK;
      }
      Instant now = Instant.now();
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode r : reps) {
        rows.add(
            List.of(
                text(r, "repId"),
                text(r, "displayName"),
                text(r, "status").replace("REP_STATUS_", "").toLowerCase(Locale.ROOT),
                r.path("active").asBoolean() ? "yes" : "no",
                outOfOffice(r, now),
                text(r, "email")));
      }
      out.table(List.of("REP", "NAME", "STATUS", "ACTIVE", "OUT OF OFFICE", "EMAIL"), rows);
      return ExitCode.OK;
    }

    private static String outOfOffice(JsonNode rep, Instant now) {
      for (JsonNode p : rep.path("outOfOffice")) {
        Instant start = Instant.parse(p.path("start").asText());
        Instant end = Instant.parse(p.path("end").asText());
        if (!now.isBefore(start) && now.isBefore(end)) {
          return "until " + end;
        }
      }
      return "";
    }
  }

  @Command(
      name = "ooo",
      description =
          "Mark a rep out of office: no leads between --from and --until. Other fields are kept.")
  static final class Ooo extends Leaf implements Callable<Integer> {
    @Parameters(paramLabel = "REP")
    String repId;

    @Option(names = "--from", description = "Start, RFC 3339 (default now).")
    String from;

    @Option(
        names = "--until",
        required = true,
        description = "End: RFC 3339 time, or a duration from the start such as 7d.")
    String until;

    @Option(names = "--note", defaultValue = "")
    String note;

    @Option(names = "--clear", description = "Replace earlier periods instead of adding one.")
    boolean clear;

    @Override
    public Integer call() {
      Instant start = from == null ? Instant.now() : Instant.parse(from);
      Instant end;
      try {
        end = Instant.parse(until);
      } catch (java.time.format.DateTimeParseException e) {
        end = start.plus(Durations.parse(until));
      }
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("--until must be after --from");
      }
      ArrayNode periods = ApiClient.JSON.createArrayNode();
      if (!clear) {
        JsonNode rep = api().routing().get("/v1/reps/" + ApiClient.segment(repId), Map.of());
        rep.path("outOfOffice").forEach(periods::add);
      }
      periods
          .addObject()
          .put("start", start.toString())
          .put("end", end.toString())
          .put("note", note);
      ObjectNode patch = ApiClient.JSON.createObjectNode();
      patch.set("outOfOffice", periods);
      JsonNode updated =
          api()
              .routing()
              .patch(
                  "/v1/reps/" + ApiClient.segment(repId),
                  Map.of("update_mask", "out_of_office"),
                  patch);
      Output out = output();
      if (out.json()) {
        out.json(updated);
      } else {
        out.line(repId + " is out of office from " + start + " until " + end);
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "status", description = "Set a rep's presence: available, away or offline.")
  static final class Status extends Leaf implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REP")
    String repId;

    @Parameters(index = "1", paramLabel = "STATUS", description = "available, away or offline")
    String status;

    @Override
    public Integer call() {
      String value = status.toLowerCase(Locale.ROOT);
      if (!List.of("available", "away", "offline").contains(value)) {
        throw new IllegalArgumentException("STATUS must be available, away or offline");
      }
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.put("status", "REP_STATUS_" + value.toUpperCase(Locale.ROOT));
      JsonNode rep =
          api().routing().post("/v1/reps/" + ApiClient.segment(repId) + ":setStatus", body);
      Output out = output();
      if (out.json()) {
        out.json(rep);
      } else {
        out.line(repId + " is " + value);
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "import",
      description =
          "Create or replace every rep of a team file (YAML or JSON with a 'reps' list, fields as"
              + " leadrouter.v1.Rep). Exit 1 if any rep was refused.")
  static final class Import extends Leaf implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
      JsonNode team = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      int refused = 0;
      Output out = output();
      ArrayNode stored = ApiClient.JSON.createArrayNode();
      for (JsonNode rep : team.path("reps")) {
        String id = rep.path("rep_id").asText(rep.path("repId").asText(""));
        try {
          stored.add(api().routing().put("/v1/reps/" + ApiClient.segment(id), rep));
          if (!out.json()) {
            out.line("stored " + id);
          }
        } catch (ApiException e) {
          if (e.status() != 400) {
            throw e;
          }
          refused++;
          spec.commandLine().getErr().println("refused " + id + ": " + e.getMessage());
          for (JsonNode v : e.problem().path("errors")) {
            spec.commandLine()
                .getErr()
                .println("  " + v.path("field").asText() + ": " + v.path("message").asText());
          }
        }
      }
      if (out.json()) {
        out.json(ApiClient.JSON.createObjectNode().set("reps", stored));
      }
      return refused == 0 ? ExitCode.OK : ExitCode.REFUSED;
    }
  }
}
