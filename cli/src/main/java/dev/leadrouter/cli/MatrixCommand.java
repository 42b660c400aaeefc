package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leadrouter matrix ...}: the routing matrix, as kept in git and as published. */
@Command(
    name = "matrix",
    description = "Validate, diff, simulate, publish, roll back and list routing matrices.",
    subcommands = {
      MatrixCommand.Validate.class,
      MatrixCommand.Diff.class,
      MatrixCommand.Simulate.class,
      MatrixCommand.Publish.class,
      MatrixCommand.Rollback.class,
      MatrixCommand.History.class
    })
final class MatrixCommand {

  static ObjectNode document(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("format", name.endsWith(".json") ? "MATRIX_FORMAT_JSON" : "MATRIX_FORMAT_YAML");
    body.put("source", Files.readString(file));
    return body;
  }

  static void printWarnings(Output out, JsonNode version) {
    for (JsonNode w : version.path("warnings")) {
      out.line("warning: " + w.asText());
    }
  }

  @Command(
      name = "validate",
      description = "Check a matrix file as publish would, storing nothing. Exit 1 if invalid.")
  static final class Validate extends Leaf implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Matrix document (.yaml, .yml or .json).")
    Path file;

    @Override
    public Integer call() throws IOException {
      JsonNode result = api().routing().post("/v1/matrix:validate", document(file));
      Output out = output();
      if (out.json()) {
        out.json(result);
      } else {
        out.line(file + ": valid");
        printWarnings(out, result);
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "diff",
      description =
          "Show what publishing FILE would change, rule by rule. Exit 0 if nothing, 1 if it"
              + " differs.")
  static final class Diff extends Leaf implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws IOException {
      String published = "";
      try {
        published = api().routing().get("/v1/matrix", Map.of()).path("source").asText("");
      } catch (ApiException e) {
        if (e.status() != 404) {
          throw e;
        }
      }
      List<String> changes =
          MatrixDiff.between(MatrixDiff.parse(published), MatrixDiff.parse(Files.readString(file)));
      Output out = output();
      if (out.json()) {
        var array = ApiClient.JSON.createArrayNode();
        changes.forEach(array::add);
        out.json(ApiClient.JSON.createObjectNode().set("changes", array));
      } else if (changes.isEmpty()) {
        out.line("no changes: " + file + " is what is published");
      } else {
        changes.forEach(out::line);
      }
      return changes.isEmpty() ? ExitCode.OK : ExitCode.REFUSED;
    }
  }

  @Command(
      name = "simulate",
      description = "Where would this lead go, and why? Nothing is stored, nobody is notified.")
  static final class Simulate extends Leaf implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--lead", description = "A lead as JSON (leadrouter.v1.Lead) in a file.")
    Path leadFile;

    @Option(names = "--country", description = "ISO country code, e.g. US.")
    String country;

    @Option(names = "--email", description = "Contact email.", defaultValue = "someone@example.com")
    String email;

    @Option(names = "--company", description = "Company name.")
    String company;

    @Override
    public Integer call() throws IOException {
      ObjectNode lead =
          leadFile != null
              ? (ObjectNode) ApiClient.JSON.readTree(Files.readString(leadFile))
              : ApiClient.JSON.createObjectNode();
      if (leadFile == null) {
        lead.putObject("contact").put("email", email);
        if (country != null) {
          lead.putObject("location").put("countryCode", country);
        }
        if (company != null) {
          lead.putObject("company").put("name", company);
        }
      }
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.set("lead", lead);
      JsonNode result = api().routing().post("/v1/matrix:simulate", body);
      Output out = output();
      if (out.json()) {
        out.json(result);
        return ExitCode.OK;
      }
      JsonNode a = result.path("assignment");
      out.line("rep:    " + text(a, "repId"));
      out.line(
          "queue:  " + text(a, "queueId") + (a.path("catchAll").asBoolean() ? " (catch-all)" : ""));
      out.line("rule:   " + text(a, "ruleId"));
      out.line("matrix: version " + text(a, "matrixVersion"));
      out.line("why:    " + text(a, "reason"));
      for (JsonNode r : a.path("trace").path("rules")) {
        out.line(
            "  rule "
                + text(r, "ruleId")
                + (r.path("matched").asBoolean() ? " matched" : " did not match")
                + (text(r, "detail").isEmpty() ? "" : ": " + text(r, "detail")));
      }
      for (JsonNode f : a.path("trace").path("fallbacks")) {
        out.line("  fallback: " + f.asText());
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "publish", description = "Validate FILE and make it the active matrix.")
  static final class Publish extends Leaf implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--comment", description = "What changed, e.g. the commit message.")
    String comment;

    @Option(
        names = "--by",
        description = "Who publishes (default: $USER).",
        defaultValue = "${env:USER:-leadrouter-cli}")
    String by;

    @Override
    public Integer call() throws IOException {
      ObjectNode body = document(file);
      body.put("comment", comment == null ? "published from " + file.getFileName() : comment);
      body.put("publishedBy", by);
      JsonNode version = api().routing().post("/v1/matrix:publish", body);
      Output out = output();
      if (out.json()) {
        out.json(version);
      } else {
        out.line("published version " + text(version, "version"));
        printWarnings(out, version);
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "rollback", description = "Re-activate an earlier version (as a new version).")
  static final class Rollback extends Leaf implements java.util.concurrent.Callable<Integer> {
    @Parameters(paramLabel = "VERSION")
    long version;

    @Option(names = "--by", defaultValue = "${env:USER:-leadrouter-cli}")
    String by;

    @Override
    public Integer call() {
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.put("toVersion", version);
      body.put("requestedBy", by);
      JsonNode published = api().routing().post("/v1/matrix:rollback", body);
      Output out = output();
      if (out.json()) {
        out.json(published);
      } else {
        out.line("version " + text(published, "version") + " is active (copy of " + version + ")");
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "history", description = "Published versions, newest first.")
  static final class History extends Leaf implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    public Integer call() {
      JsonNode page =
          api()
              .routing()
              .get("/v1/matrix/versions", Map.of("page.page_size", String.valueOf(limit)));
      Output out = output();
      if (out.json()) {
        out.json(page);
        return ExitCode.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode v : page.path("versions")) {
        rows.add(
            List.of(
                text(v, "version"),
                v.path("active").asBoolean() ? "*" : "",
                text(v, "publishedAt"),
                text(v, "publishedBy"),
                text(v, "comment")));
      }
      out.table(List.of("VERSION", "ACTIVE", "PUBLISHED", "BY", "COMMENT"), rows);
      return ExitCode.OK;
    }
  }
}
