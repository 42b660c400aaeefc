package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leadrouter leads ...}: one lead. */
@Command(
    name = "leads",
    description = "Read a lead, erase a lead's personal data.",
    subcommands = {LeadsCommand.Get.class, LeadsCommand.Erase.class})
final class LeadsCommand {

  @Command(name = "get", description = "A lead and its current assignment.")
  static final class Get extends Leaf implements Callable<Integer> {
    @Parameters(paramLabel = "LEAD_ID")
    String leadId;

    @Override
    public Integer call() {
      String id = ApiClient.segment(leadId);
      JsonNode lead = api().capture().get("/v1/leads/" + id, Map.of());
      Output out = output();
      if (out.json()) {
        out.json(lead);
        return ExitCode.OK;
      }
      JsonNode contact = lead.path("contact");
      out.line("lead:     " + text(lead, "leadId"));
      out.line(
          "name:     " + (text(contact, "firstName") + " " + text(contact, "lastName")).trim());
      out.line("email:    " + text(contact, "email"));
      out.line("company:  " + text(lead.path("company"), "name"));
      out.line("country:  " + text(lead.path("location"), "countryCode"));
      out.line("received: " + text(lead, "receivedAt"));
      try {
        JsonNode a = api().routing().get("/v1/leads/" + id + "/assignment", Map.of());
        out.line("owner:    " + text(a, "repId") + " (queue " + text(a, "queueId") + ")");
        out.line("why:      " + text(a, "reason"));
      } catch (ApiException e) {
        if (e.status() != 404) {
          throw e;
        }
        out.line("owner:    (not assigned yet)");
      }
      return ExitCode.OK;
    }
  }

  @Command(
      name = "erase",
      description = "GDPR erasure: strip the lead's personal data everywhere (audited).")
  static final class Erase extends Leaf implements Callable<Integer> {
    @Parameters(paramLabel = "LEAD_ID")
    String leadId;

    @Option(names = "--reason", description = "Why, for the audit log.", defaultValue = "")
    String reason;

    @Option(names = "--by", defaultValue = "${env:USER:-leadrouter-cli}")
    String by;

    @Override
    public Integer call() {
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.put("requestedBy", by);
      body.put("reason", reason);
      JsonNode result =
          api().capture().post("/v1/leads/" + ApiClient.segment(leadId) + ":erase", body);
      Output out = output();
      if (out.json()) {
        out.json(result);
      } else if (result.path("erasedLeadIds").isEmpty()) {
        out.line("nothing to erase: " + leadId + " was already erased");
      } else {
        out.line("erased " + leadId);
      }
      return ExitCode.OK;
    }
  }
}
