package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadrouter}: the operator's command line over the HTTP/JSON API. */
@Command(
    name = "leadrouter",
    mixinStandardHelpOptions = true,
    // every command takes --help, as in gh and kubectl: `leadrouter reps list --help`
    scope = CommandLine.ScopeType.INHERIT,
    version = "leadrouter 0.1.0",
    description =
        "Operate leadrouter: routing matrix, reps, leads, assignments, dead letters, SLA.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 refused/invalid (or differences, for matrix diff), 2 usage,",
      "            3 not found, 4 missing or wrong API key, 5 service unavailable."
    },
    subcommands = {
      MatrixCommand.class,
      RepsCommand.class,
      LeadsCommand.class,
      AssignmentsCommand.class,
      DeadLettersCommand.class,
      SlaCommand.class
    })
public final class LeadrouterCli {
  @Mixin Connection connection;

  @Option(
      names = "--json",
      description = "Print the API's JSON instead of tables (for scripts).",
      scope = CommandLine.ScopeType.INHERIT)
  boolean json;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; the exit code follows {@link ExitCode}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new LeadrouterCli());
    cli.setOut(out).setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof ApiException api) {
            printProblem(err, api);
            return ExitCode.forHttpStatus(api.status());
          } else if (e instanceof IllegalArgumentException bad) {
            err.println("error: " + bad.getMessage());
            return ExitCode.USAGE;
          } else if (e instanceof java.io.IOException io) {
            err.println("error: " + io.getMessage());
            return ExitCode.USAGE;
          }
          throw e;
        });
    return cli.execute(args);
  }

  private static void printProblem(PrintWriter err, ApiException e) {
    err.println("error: " + e.getMessage());
    JsonNode problem = e.problem();
    if (problem != null) {
      for (JsonNode v : problem.path("errors")) {
        err.println("  " + v.path("field").asText() + ": " + v.path("message").asText());
      }
    }
    err.flush();
  }
}
