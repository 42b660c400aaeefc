package dev.leadrouter.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, with 403 and before any service is called, every request that could change something
 * when the signed-in person's key may only read. Deny by default: a new POST route is a change
 * unless it is listed here as a read. The services check the key's role again on every call; this
 * keeps a forged request (a valid CSRF token, a read-only session) from even reaching them, and a
 * read-only person from being shown forms they cannot submit.
 */
public final class ChangeGuard implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(ChangeGuard.class);

  /** POSTs that only read: their bodies are too large or too personal for a URL. */
  private static final Set<String> READS =
      Set.of("/sign-out", "/backtest/run", "/matrix/diff", "/matrix/simulate");

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  /** Whether a request needs a key that may change things. */
  public static boolean needsChangeRight(String method, String path) {
    return !SAFE_METHODS.contains(method) && !READS.contains(path);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operator op = Operator.of(ctx);
    if (op == null
        || op.canChange()
        || !needsChangeRight(ctx.request().method().name(), ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    log.warn("console refused a change from a read-only session: {}", ctx.normalizedPath());
    ctx.response()
        .setStatusCode(403)
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(
            "<div class=\"problem\" role=\"alert\" id=\"read-only\"><strong>You are signed in with"
                + " a key that may only read: nothing was changed.</strong></div>");
  }
}
