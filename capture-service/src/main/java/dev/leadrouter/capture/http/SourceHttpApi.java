package dev.leadrouter.capture.http;

import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.capture.source.SourceKind;
import dev.leadrouter.capture.source.Submission;
import dev.leadrouter.capture.source.SubmissionReader;
import dev.leadrouter.capture.store.CapturedLead;
import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import dev.leadrouter.runtime.host.DeclaredRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The configured sources' front doors: {@code POST /v1/forms/{sourceId}} (HTML forms, Salesforce
 * Web-to-Lead field names, retURL) and {@code POST /v1/webhooks/{sourceId}} (HubSpot submissions
 * and mapped JSON, HMAC-signed). Bodies are read whole up to the size limit, authenticated, read
 * into a lead by {@link SubmissionReader}, and handed to {@link LeadIntake}.
 *
 * <p>A filled honeypot gets the same answer as a real lead (a bot must not learn it was caught) but
 * nothing is stored; {@code capture_spam_submissions_total} counts them.
 */
public final class SourceHttpApi {
  private final LeadIntake intake;
  private final Map<String, SourceConfig> sources;
  private final SourceAuth auth;
  private final int maxBodyBytes;
  private final MeterRegistry meters;

  public SourceHttpApi(
      LeadIntake intake,
      Map<String, SourceConfig> sources,
      SourceAuth auth,
      int maxBodyBytes,
      MeterRegistry meters) {
    this.intake = intake;
    this.sources = Map.copyOf(sources);
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
    this.meters = meters;
  }

  public void mount(DeclaredRoutes router) {
    router
        .route(HttpMethod.POST, "/v1/forms/:sourceId", Access.source())
        .handler(ctx -> handle(ctx, true))
        .failureHandler(Problem::fromStatus);
    router
        .route(HttpMethod.POST, "/v1/webhooks/:sourceId", Access.source())
        .handler(ctx -> handle(ctx, false))
        .failureHandler(Problem::fromStatus);
  }

  private void handle(RoutingContext ctx, boolean form) {
    SourceConfig source = sources.get(ctx.pathParam("sourceId"));
    boolean fits =
        source != null
            && (form
                ? source.kind() == SourceKind.FORM
                : source.kind() == SourceKind.HUBSPOT || source.kind() == SourceKind.MAPPED);
    if (!fits) {
      Problem.fromFailure(
          ctx, new NotFoundException("no " + (form ? "form" : "webhook") + " source with this id"));
      return;
    }
    String expected = form ? "application/x-www-form-urlencoded" : "application/json";
    if (!mime(ctx).equals(expected)) {
      Problem.send(ctx, 415, "Unsupported media type", "send Content-Type: " + expected, null);
      return;
    }
    RequestBody.read(ctx.request(), maxBodyBytes)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                Problem.fromFailure(ctx, ar.cause());
                return;
              }
              String[] signature = {null};
              try {
                byte[] body = ar.result().getBytes();
                Submission submission;
                if (form) {
                  Map<String, String> fields = dev.leadrouter.capture.source.FormBody.parse(body);
                  signature[0] =
                      auth.check(
                          source, ctx.request(), body, fields.get(SourceAuth.FORM_KEY_FIELD));
                  submission = SubmissionReader.form(source, body);
                } else {
                  signature[0] = auth.check(source, ctx.request(), body, null);
                  submission =
                      source.kind() == SourceKind.HUBSPOT
                          ? SubmissionReader.hubspot(source, body)
                          : SubmissionReader.mapped(source, body, source.jsonPaths());
                }
                Submission accepted = submission;
                auth.rememberShared(source, signature[0])
                    .onFailure(
                        e -> {
                          if (e instanceof UnauthenticatedException) {
                            // a replay: the record is the first request's, not ours to forget
                            signature[0] = null;
                          }
                        })
                    .compose(v -> accept(ctx, source, accepted))
                    .onFailure(
                        e ->
                            // answered once forgotten everywhere, so an immediate retry is
                            // not taken for a replay by any replica
                            auth.forget(signature[0])
                                .onComplete(forgotten -> Problem.fromFailure(ctx, e)));
              } catch (RuntimeException e) {
                // refused before the signature was remembered: nothing to forget
                Problem.fromFailure(ctx, e);
              }
            });
  }

  /** Answers a stored (or honeypot) submission; a failed one is left to the caller to answer. */
  private Future<Void> accept(RoutingContext ctx, SourceConfig source, Submission submission) {
    if (submission.honeypot()) {
      meters
          .counter("capture_spam_submissions", "reason", "honeypot", "source", source.id())
          .increment();
      answer(ctx, submission, UUID.randomUUID().toString(), "DEDUPE_OUTCOME_NEW");
      return Future.succeededFuture();
    }
    String key = ctx.request().getHeader("Idempotency-Key");
    return intake
        .capture(submission.lead(), key, source)
        .onSuccess(
            captured -> answer(ctx, submission, captured.lead().getLeadId(), outcome(captured)))
        .mapEmpty();
  }

  private static String outcome(CapturedLead captured) {
    return captured.outcome().name();
  }

  private static void answer(
      RoutingContext ctx, Submission submission, String leadId, String outcome) {
    if (!submission.returnUrl().isEmpty()) {
      ctx.response().setStatusCode(303).putHeader("Location", submission.returnUrl()).end();
      return;
    }
    ctx.response()
        .setStatusCode(202)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("lead_id", leadId).put("dedupe_outcome", outcome).encode());
  }

  static String mime(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }
}
