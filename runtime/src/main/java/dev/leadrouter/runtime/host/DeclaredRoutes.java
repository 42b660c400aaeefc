package dev.leadrouter.runtime.host;

import dev.leadrouter.runtime.auth.Access;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.errors.PermissionDeniedException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP routes of one listener, each registered with the {@link Access} it needs: the one place
 * HTTP routes are authorized. A route needing an API key gets a guard that checks the key and its
 * role before anything else runs (before a body is buffered), answering 401 or 403; source doors,
 * signed requests and management routes declare that they check their own credential (or need none,
 * on the management port only). {@link #declared()} lists them for the endpoint enumeration test,
 * which also fails on any route of the router that was added around this class.
 *
 * <p>Every route whose body is read whole also gets the body-read timeout: a client that has not
 * sent its whole body in time gets 408 and the connection is closed.
 */
public final class DeclaredRoutes {
  /** One declared route. */
  public record Declared(HttpMethod method, String path, Access access) {}

  private final Vertx vertx;
  private final Router router;
  private final ApiKeys apiKeys;
  private final Duration bodyTimeout;
  private final boolean management;
  private final List<Declared> declared = new ArrayList<>();

  DeclaredRoutes(
      Vertx vertx, Router router, ApiKeys apiKeys, Duration bodyTimeout, boolean management) {
    this.vertx = vertx;
    this.router = router;
    this.apiKeys = apiKeys;
    this.bodyTimeout = bodyTimeout;
    this.management = management;
  }

  /** A route whose body (if any) is read whole. */
  public Route route(HttpMethod method, String path, Access access) {
    return add(method, path, access, true);
  }

  /** A route that streams its request body itself (CSV imports); only the idle timeout applies. */
  public Route streamingRoute(HttpMethod method, String path, Access access) {
    return add(method, path, access, false);
  }

  private Route add(HttpMethod method, String path, Access access, boolean timeBody) {
    if ((access.kind() == Access.Kind.MANAGEMENT) != management) {
      throw new IllegalArgumentException(
          path + ": management routes, and only they, belong on the management port");
    }
    declared.add(new Declared(method, path, access));
    return router.route(method, path).handler(new Guard(access, timeBody));
  }

  public List<Declared> declared() {
    return List.copyOf(declared);
  }

  Router router() {
    return router;
  }

  /**
   * Runs first on every declared route. A {@link SecurityPolicyHandler} because Vert.x Web only
   * lets those run ahead of a body handler.
   */
  private final class Guard implements SecurityPolicyHandler {
    private final Access access;
    private final boolean timeBody;

    Guard(Access access, boolean timeBody) {
      this.access = access;
      this.timeBody = timeBody;
    }

    @Override
    public void handle(RoutingContext ctx) {
      HttpServerRequest request = ctx.request();
      if (access.kind() == Access.Kind.API_KEY) {
        try {
          apiKeys.authorize(
              ApiKeys.presented(request.getHeader("Authorization"), request.getHeader("X-Api-Key")),
              access.role());
        } catch (UnauthenticatedException e) {
          refuse(ctx, 401, "Unauthenticated", e.getMessage());
          return;
        } catch (PermissionDeniedException e) {
          refuse(ctx, 403, "Forbidden", e.getMessage());
          return;
        }
      }
      if (timeBody && !request.isEnded() && bodyTimeout.toMillis() > 0) {
        long timer =
            vertx.setTimer(
                bodyTimeout.toMillis(),
                id -> {
                  if (!request.isEnded() && !ctx.response().headWritten()) {
                    ctx.response().putHeader("Connection", "close");
                    HttpProblems.send(
                        request,
                        408,
                        "Request timeout",
                        "the body was not received within " + bodyTimeout.toSeconds() + "s");
                  }
                });
        ctx.addEndHandler(v -> vertx.cancelTimer(timer));
      }
      ctx.next();
    }

    /**
     * Refused before the body was read: the connection is closed after the answer, so a body the
     * client is still sending cannot be mistaken for the next request, nor leave it paused.
     */
    private void refuse(RoutingContext ctx, int status, String title, String detail) {
      if (!ctx.request().isEnded()) {
        ctx.response().putHeader("Connection", "close");
      }
      HttpProblems.send(ctx.request(), status, title, detail);
    }
  }
}
