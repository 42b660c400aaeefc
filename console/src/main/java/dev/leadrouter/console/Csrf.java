package dev.leadrouter.console;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Synchronizer-token CSRF protection: every session holds a random token, every page carries it
 * (htmx sends it as {@code X-CSRF-Token} on each request, plain forms as {@code _csrf}), and every
 * request that can change something must present it. Vert.x's CSRFHandler rotates its cookie token
 * per request, which races with htmx's parallel requests; one token per session is what OWASP
 * recommends for this pattern. Sign-in is protected too (login CSRF).
 */
public final class Csrf implements Handler<RoutingContext> {
  static final String SESSION_KEY = "csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  public static String token(Session session) {
    String token = session.get(SESSION_KEY);
    if (token == null) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      token = HexFormat.of().formatHex(bytes);
      session.put(SESSION_KEY, token);
    }
    return token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    String expected = ctx.session() == null ? null : ctx.session().get(SESSION_KEY);
    String given = ctx.request().getHeader("X-CSRF-Token");
    if (given == null) {
      given = ctx.request().getFormAttribute("_csrf");
    }
    if (expected == null
        || given == null
        || !MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      ctx.response()
          .setStatusCode(403)
          .putHeader("content-type", "text/plain; charset=utf-8")
          .end("This form has expired or did not come from the console: reload the page.");
      return;
    }
    ctx.next();
  }
}
