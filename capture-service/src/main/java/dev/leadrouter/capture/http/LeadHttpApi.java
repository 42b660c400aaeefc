package dev.leadrouter.capture.http;

import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.capture.lead.LeadJson;
import dev.leadrouter.capture.store.ErasureRepository;
import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.host.DeclaredRoutes;
import dev.leadrouter.runtime.input.InputRule;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;

/**
 * {@code POST /v1/leads}: the JSON front door. Answers 202 with the lead id only after the lead and
 * its routing request have committed; every refusal is {@code application/problem+json}. {@code
 * DELETE /v1/leads/{id}}: GDPR erasure of one lead, audited under the API key's caller.
 */
public final class LeadHttpApi {
  private final LeadIntake intake;
  private final ApiKeys apiKeys;
  private final ErasureRepository erasures;
  private final int maxBodyBytes;
  private final LeadJson json = new LeadJson();

  public LeadHttpApi(
      LeadIntake intake, ApiKeys apiKeys, ErasureRepository erasures, int maxBodyBytes) {
    this.intake = intake;
    this.apiKeys = apiKeys;
    this.erasures = erasures;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(DeclaredRoutes router) {
    router
        .route(HttpMethod.POST, "/v1/leads", Access.role(Role.INGEST))
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(this::requireJson)
        .handler(this::capture)
        .failureHandler(Problem::fromStatus);
    router
        .route(HttpMethod.DELETE, "/v1/leads/:leadId", Access.role(Role.ADMIN))
        .handler(this::erase)
        .failureHandler(Problem::fromStatus);
  }

  private void requireJson(RoutingContext ctx) {
    if (!SourceHttpApi.mime(ctx).equals("application/json")) {
      Problem.send(ctx, 415, "Unsupported media type", "send Content-Type: application/json", null);
      return;
    }
    ctx.next();
  }

  private void capture(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    try {
      var lead =
          json.parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
      intake
          .capture(lead, key)
          .onSuccess(
              captured ->
                  ctx.response()
                      .setStatusCode(202)
                      .putHeader("content-type", "application/json")
                      .putHeader("Location", "/v1/leads/" + captured.lead().getLeadId())
                      .end(
                          new JsonObject()
                              .put("lead_id", captured.lead().getLeadId())
                              .put("dedupe_outcome", captured.outcome().name())
                              .put(
                                  "duplicate_of_lead_id",
                                  captured.duplicateOfLeadId().isEmpty()
                                      ? null
                                      : captured.duplicateOfLeadId())
                              .put("flags", new JsonArray(captured.lead().getFlagsList()))
                              .encode()))
          .onFailure(e -> Problem.fromFailure(ctx, e));
    } catch (RuntimeException e) {
      Problem.fromFailure(ctx, e);
    }
  }

  private void erase(RoutingContext ctx) {
    try {
      // Authorized by the route's guard; the name goes into the audit row.
      String caller = apiKeys.authenticate(SourceAuth.headerKey(ctx.request())).name();
      UUID id;
      try {
        id = UUID.fromString(ctx.pathParam("leadId"));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("lead_id", "must be a lead id (UUID)");
      }
      String reason = ctx.queryParams().get("reason");
      if (reason != null && reason.length() > 1024) {
        throw new InvalidInputException("reason", "at most 1024 characters");
      }
      InputRule.checkText("reason", reason);
      erasures
          .eraseLead(
              id, "api-key:" + caller, reason == null ? "erased through DELETE /v1/leads" : reason)
          .onSuccess(
              erasure ->
                  ctx.response()
                      .setStatusCode(200)
                      .putHeader("content-type", "application/json")
                      .end(
                          new JsonObject()
                              .put("erased_lead_ids", new JsonArray(erasure.erasedLeadIds()))
                              .put("erased_at", erasure.erasedAt().toString())
                              .encode()))
          .onFailure(e -> Problem.fromFailure(ctx, e));
    } catch (RuntimeException e) {
      Problem.fromFailure(ctx, e);
    }
  }
}
