package dev.leadrouter.capture.http;

import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Checks the API key before the body is read, so an unauthenticated caller cannot make us buffer a
 * body. It is a {@link SecurityPolicyHandler} because Vert.x Web only lets those run ahead of the
 * body handler.
 */
final class ApiKeyPolicy implements SecurityPolicyHandler {
  private final ApiKeys apiKeys;

  ApiKeyPolicy(ApiKeys apiKeys) {
    this.apiKeys = apiKeys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      header = ctx.request().getHeader("X-Api-Key");
    }
    try {
      apiKeys.authenticate(header);
      ctx.next();
    } catch (UnauthenticatedException e) {
      Problem.fromFailure(ctx, e);
    }
  }
}
