package dev.leadrouter.capture.http;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.PermissionDeniedException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.runtime.host.HttpProblems;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 9457 {@code application/problem+json} answers, with field-level {@code errors} for invalid
 * input.
 */
public final class Problem {
  private static final Logger log = LoggerFactory.getLogger(Problem.class);

  private Problem() {}

  public static void send(
      RoutingContext ctx, int status, String title, String detail, JsonArray errors) {
    JsonObject body =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    if (errors != null) {
      body.put("errors", errors);
    }
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    HttpProblems.keepHttp2Streams(ctx.request(), ctx.response());
    HttpProblems.closeAfter(
        ctx.request(),
        ctx.response(),
        ctx.response()
            .setStatusCode(status)
            .putHeader("content-type", "application/problem+json")
            .end(body.encode()));
  }

  /** Maps any failure to a problem; unexpected ones are logged and answered without internals. */
  public static void fromFailure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof InvalidInputException invalid) {
      JsonArray errors = new JsonArray();
      for (Violation v : invalid.violations()) {
        errors.add(new JsonObject().put("field", v.field()).put("message", v.description()));
      }
      send(ctx, 400, "Invalid lead", invalid.getMessage(), errors);
    } else if (failure instanceof UnauthenticatedException) {
      send(ctx, 401, "Unauthenticated", failure.getMessage(), null);
    } else if (failure instanceof PermissionDeniedException) {
      send(ctx, 403, "Forbidden", failure.getMessage(), null);
    } else if (failure instanceof NotFoundException) {
      send(ctx, 404, "Not found", failure.getMessage(), null);
    } else if (HttpProblems.isMalformedBody(ctx.request(), failure)) {
      log.info("malformed request body on {} {}", ctx.request().method(), ctx.request().path());
      HttpProblems.malformedBody(ctx.request());
    } else if (failure instanceof RequestBody.TooLarge) {
      ctx.response().putHeader("Connection", "close");
      send(ctx, 413, "Payload too large", failure.getMessage(), null);
    } else {
      log.error(
          "unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, "Internal error", "the lead was not stored; retry later", null);
    }
  }

  /**
   * Answers for failures raised by Vert.x Web itself (body too large, no route, wrong method...).
   */
  public static void fromStatus(RoutingContext ctx) {
    int status = ctx.statusCode();
    switch (status) {
      case 413 -> send(ctx, 413, "Payload too large", "the body exceeds the size limit", null);
      case 404 -> send(ctx, 404, "Not found", "no such resource", null);
      case 405 -> send(ctx, 405, "Method not allowed", "method not allowed on this resource", null);
      case 400 -> send(ctx, 400, "Bad request", "the request could not be read", null);
      default -> {
        if (ctx.failure() != null) {
          fromFailure(ctx, ctx.failure());
        } else {
          send(ctx, status < 400 ? 500 : status, "Error", "request failed", null);
        }
      }
    }
  }
}
