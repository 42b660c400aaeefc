package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leadrouter dead-letters ...}: notifications that will not go out on their own. */
@Command(
    name = "dead-letters",
    description = "Notifications that failed for good, and sending them again.",
    subcommands = {DeadLettersCommand.ListDead.class, DeadLettersCommand.Retry.class})
final class DeadLettersCommand {

  @Command(name = "list", description = "Failed and dead-lettered deliveries, newest first.")
  static final class ListDead extends Leaf implements Callable<Integer> {
    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    public Integer call() {
      JsonNode page =
          api()
              .notifications()
              .get("/v1/dead-letters", Map.of("page.page_size", String.valueOf(limit)));
      Output out = output();
      if (out.json()) {
        out.json(page);
        return ExitCode.OK;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode d : page.path("deliveries")) {
        rows.add(
            List.of(
                text(d, "deliveryId"),
                text(d, "createdAt"),
                text(d, "channel").replace("CHANNEL_", "").toLowerCase(java.util.Locale.ROOT),
                text(d, "recipientRepId"),
                text(d, "status").replace("DELIVERY_STATUS_", ""),
                text(d, "attempts"),
                text(d, "lastError")));
      }
      out.table(
          List.of("DELIVERY", "CREATED", "CHANNEL", "REP", "STATUS", "ATTEMPTS", "LAST ERROR"),
          rows);
      return ExitCode.OK;
    }
  }

  @Command(name = "retry", description = "Queue a failed delivery again with fresh attempts.")
  static final class Retry extends Leaf implements Callable<Integer> {
    @Parameters(paramLabel = "DELIVERY_ID")
    String deliveryId;

    @Option(names = "--by", defaultValue = "${env:USER:-leadrouter-cli}")
    String by;

    @Override
    public Integer call() {
      ObjectNode body = ApiClient.JSON.createObjectNode().put("requestedBy", by);
      JsonNode d =
          api()
              .notifications()
              .post("/v1/dead-letters/" + ApiClient.segment(deliveryId) + ":retry", body);
      Output out = output();
      if (out.json()) {
        out.json(d);
      } else {
        out.line("queued " + deliveryId + " again");
      }
      return ExitCode.OK;
    }
  }
}
