package dev.leadrouter.sla.touch;

import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.runtime.host.DeclaredRoutes;
import dev.leadrouter.sla.SlaClocks;
import dev.leadrouter.sla.clock.SlaClock;
import dev.leadrouter.sla.clock.Touch;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two HTTP ways to record a first touch, on sla-service's HTTP port:
 *
 * <ul>
 *   <li>{@code GET /v1/ack?token=...}: the signed "I'm on it" link in notifications. The token is
 *       the credential (HMAC under LEADROUTER_ACK_SECRET, with expiry). Answers a small HTML page:
 *       200 recorded (or already recorded), 410 expired, 400 invalid, 404 unknown assignment.
 *       Repeats are harmless: the first touch wins, so a mail scanner that follows the link before
 *       the rep does records the touch at most once (at its time). HEAD never records anything.
 *   <li>{@code POST /v1/touches/webhook}: CRM activity, signed with {@code X-Leadrouter-Signature}
 *       ({@link HmacSignature}, secret SLA_WEBHOOK_SECRET); body see {@link WebhookTouch}. Answers
 *       JSON with the clock's state, problem+json otherwise.
 * </ul>
 *
 * Each route is only mounted when its secret is configured.
 */
public final class TouchRoutes {
  public static final String SIGNATURE_HEADER = "X-Leadrouter-Signature";
  static final int MAX_WEBHOOK_BODY = 16 * 1024;
  private static final Logger log = LoggerFactory.getLogger(TouchRoutes.class);

  private final SlaClocks clocks;
  private final AckToken ackTokens;
  private final HmacSignature webhookSignature;

  /**
   * @param ackTokens null when LEADROUTER_ACK_SECRET is not set
   * @param webhookSignature null when SLA_WEBHOOK_SECRET is not set
   */
  public TouchRoutes(SlaClocks clocks, AckToken ackTokens, HmacSignature webhookSignature) {
    this.clocks = clocks;
    this.ackTokens = ackTokens;
    this.webhookSignature = webhookSignature;
  }

  public void mount(DeclaredRoutes router) {
    if (ackTokens != null) {
      // The signed token in the link is the credential: reps click it from their mailbox.
      router
          .route(HttpMethod.HEAD, "/v1/ack", Access.signed())
          .handler(
              ctx -> {
                if (redeemed(ctx) != null) {
                  page(ctx, 200, "leadrouter", "");
                }
              });
      router.route(HttpMethod.GET, "/v1/ack", Access.signed()).handler(this::ack);
    }
    if (webhookSignature != null) {
      router
          .route(HttpMethod.POST, "/v1/touches/webhook", Access.signed())
          .handler(BodyHandler.create(false).setBodyLimit(MAX_WEBHOOK_BODY))
          .handler(this::webhook)
          .failureHandler(
              ctx ->
                  problem(
                      ctx,
                      ctx.statusCode() == 413 ? 413 : 400,
                      ctx.statusCode() == 413
                          ? "body larger than " + MAX_WEBHOOK_BODY + " bytes"
                          : "the request could not be read",
                      null));
    }
  }

  private void ack(RoutingContext ctx) {
    AckToken.Claims claims = redeemed(ctx);
    if (claims == null) {
      return;
    }
    Touch touch =
        new Touch(claims.assignmentId(), clocks.clock().instant(), "ACK_LINK", claims.repId());
    record(ctx, touch);
  }

  /**
   * The link's claims, or null once the refusal is answered: 401 without a token (no credential),
   * 400 for a malformed or forged one, 410 once expired. HEAD (mail scanners) gets the same status
   * and records nothing.
   */
  private AckToken.Claims redeemed(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    if (token == null || token.isEmpty()) {
      page(
          ctx,
          401,
          "This link is not valid",
          "The link is incomplete. Open it again from the notification.");
      return null;
    }
    try {
      return ackTokens.redeem(token);
    } catch (UnauthenticatedException e) {
      boolean expired = "this link has expired".equals(e.getMessage());
      page(
          ctx,
          expired ? 410 : 400,
          expired ? "This link has expired" : "This link is not valid",
          expired
              ? "The link is older than its time limit. Record the contact in your CRM instead."
              : "The link is incomplete or was changed. Open it again from the notification.");
      return null;
    }
  }

  private void record(RoutingContext ctx, Touch touch) {
    clocks
        .touchRecorded(touch)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                SlaClock clock = ar.result().clock();
                page(
                    ctx,
                    200,
                    "Thanks, first touch recorded",
                    ar.result().recorded()
                        ? "Your first touch was recorded at " + clock.touchedAt() + "."
                        : "A first touch was already recorded for this lead"
                            + (clock.touchedAt() == null ? "." : " at " + clock.touchedAt() + "."));
              } else if (ar.cause() instanceof NotFoundException) {
                page(ctx, 404, "Unknown lead", "This lead has no SLA clock.");
              } else if (ar.cause() instanceof InvalidInputException) {
                page(
                    ctx,
                    400,
                    "This link is not valid",
                    "The link does not match the lead's owner.");
              } else {
                log.error("recording an ack-link touch failed", ar.cause());
                page(ctx, 503, "Please try again", "The touch could not be recorded right now.");
              }
            });
  }

  private void webhook(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    WebhookTouch parsed;
    String signature = null;
    try {
      signature = webhookSignature.verify(ctx.request().getHeader(SIGNATURE_HEADER), body);
      parsed = WebhookTouch.parse(body, clocks.clock());
    } catch (RuntimeException e) {
      webhookSignature.forget(signature);
      fail(ctx, e);
      return;
    }
    String accepted = signature;
    Future<String> assignment =
        parsed.assignmentId() != null
            ? Future.succeededFuture(parsed.assignmentId())
            : clocks.latestAssignmentOfLead(parsed.leadId());
    assignment
        .compose(
            id -> clocks.touchRecorded(new Touch(id, parsed.touchedAt(), parsed.channel(), null)))
        .onSuccess(
            t ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(
                        new JsonObject()
                            .put("assignment_id", t.clock().assignmentId())
                            .put("state", t.clock().state().name())
                            .put(
                                "touched_at",
                                t.clock().touchedAt() == null
                                    ? null
                                    : t.clock().touchedAt().toString())
                            .put("recorded", t.recorded())
                            .encode()))
        .onFailure(
            e -> {
              // Not recorded: the CRM may send the same signed request again.
              webhookSignature.forget(accepted);
              fail(ctx, e);
            });
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof InvalidInputException invalid) {
      JsonArray errors = new JsonArray();
      for (Violation v : invalid.violations()) {
        errors.add(new JsonObject().put("field", v.field()).put("message", v.description()));
      }
      problem(ctx, 400, invalid.getMessage(), errors);
    } else if (e instanceof UnauthenticatedException) {
      problem(ctx, 401, e.getMessage(), null);
    } else if (e instanceof NotFoundException) {
      problem(ctx, 404, e.getMessage(), null);
    } else {
      log.error("recording a webhook touch failed", e);
      problem(ctx, 503, "the touch could not be recorded; retry later", null);
    }
  }

  private static void problem(RoutingContext ctx, int status, String detail, JsonArray errors) {
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", title(status))
            .put("status", status)
            .put("detail", detail);
    if (errors != null) {
      body.put("errors", errors);
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/problem+json")
        .end(body.encode());
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Invalid touch";
      case 401 -> "Unauthenticated";
      case 404 -> "Not found";
      case 413 -> "Payload too large";
      default -> "Unavailable";
    };
  }

  private static void page(RoutingContext ctx, int status, String title, String text) {
    // Nothing the caller sent is echoed, so there is nothing to escape.
    String html =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
            + title
            + "</title>"
            + "<meta name=\"robots\" content=\"noindex\"></head><body><h1>"
            + title
            + "</h1><p>"
            + text
            + "</p></body></html>";
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("x-robots-tag", "noindex")
        .putHeader("content-security-policy", "default-src 'none'")
        .end(io.vertx.core.http.HttpMethod.HEAD.equals(ctx.request().method()) ? "" : html);
  }
}
