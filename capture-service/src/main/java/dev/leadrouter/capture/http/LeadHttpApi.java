package dev.leadrouter.capture.http;

import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.capture.lead.LeadJson;
import dev.leadrouter.runtime.auth.ApiKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /v1/leads}: the JSON front door. Answers 202 with the lead id only after the lead and
 * its routing request have committed; every refusal is {@code application/problem+json}.
 */
public final class LeadHttpApi {
  private final LeadIntake intake;
  private final ApiKeys apiKeys;
  private final int maxBodyBytes;
  private final LeadJson json = new LeadJson();

  public LeadHttpApi(LeadIntake intake, ApiKeys apiKeys, int maxBodyBytes) {
    this.intake = intake;
    this.apiKeys = apiKeys;
    this.maxBodyBytes = maxBodyBytes;
  }

  public void mount(Router router) {
    router.post("/v1/leads")
        .handler(new ApiKeyPolicy(apiKeys))
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(this::requireJson)
        .handler(this::capture)
        .failureHandler(Problem::fromStatus);
  }

  private void requireJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!mime.equals("application/json")) {
      Problem.send(ctx, 415, "Unsupported media type", "send Content-Type: application/json", null);
      return;
    }
    ctx.next();
  }

  private void capture(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    try {
      var lead = json.parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
      intake.capture(lead, key)
          .onSuccess(captured -> ctx.response()
              .setStatusCode(202)
              .putHeader("content-type", "application/json")
              .putHeader("Location", "/v1/leads/" + captured.lead().getLeadId())
              .end(new JsonObject()
                  .put("lead_id", captured.lead().getLeadId())
                  .put("dedupe_outcome", captured.outcome().name())
                  .encode()))
          .onFailure(e -> Problem.fromFailure(ctx, e));
    } catch (RuntimeException e) {
      Problem.fromFailure(ctx, e);
    }
  }
}
