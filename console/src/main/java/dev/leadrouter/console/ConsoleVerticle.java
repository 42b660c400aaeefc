package dev.leadrouter.console;

import dev.leadrouter.console.pages.BacktestPage;
import dev.leadrouter.console.pages.CatchAllPage;
import dev.leadrouter.console.pages.DeliveriesPage;
import dev.leadrouter.console.pages.FeedPage;
import dev.leadrouter.console.pages.MatrixPage;
import dev.leadrouter.console.pages.SlaPage;
import dev.leadrouter.console.pages.TeamPage;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.v1.ListRepsRequest;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console: server-rendered pages (Thymeleaf, htmx, Chart.js from WebJars) on their own
 * port, calling the four services with the signed-in person's key.
 */
public final class ConsoleVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ConsoleVerticle.class);
  private static final int MAX_FORM_BYTES = 2 * 1024 * 1024;
  private final ConsoleConfig config;
  private HttpServer server;

  public ConsoleVerticle(Settings settings) {
    this.config = ConsoleConfig.from(settings);
  }

  @Override
  public Future<?> start() {
    Services services = new Services(vertx, config);
    Views views = new Views(vertx);
    Router router = Router.router(vertx);
    router.route().handler(ConsoleVerticle::securityHeaders);
    router
        .route("/webjars/*")
        .handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
    router.route("/static/*").handler(StaticHandler.create("static"));
    router.get("/health").handler(ctx -> ctx.json(Map.of("status", "UP")));
    router
        .route()
        .handler(
            SessionHandler.create(LocalSessionStore.create(vertx))
                .setSessionCookieName("leadrouter_console")
                .setCookieHttpOnlyFlag(true)
                .setCookieSameSite(CookieSameSite.STRICT)
                .setCookieSecureFlag(config.secureCookies())
                .setSessionTimeout(config.sessionTimeout().toMillis()));
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES));
    router.route().handler(new Csrf());
    router.get("/sign-in").handler(ctx -> signInPage(views, ctx, null));
    router.post("/sign-in").handler(ctx -> signIn(services, views, ctx));
    router.post("/sign-out").handler(ConsoleVerticle::signOut);
    router.route().handler(ConsoleVerticle::requireOperator);
    router.route().handler(new ChangeGuard());
    new FeedPage(vertx, services, views).mount(router);
    new TeamPage(services, views).mount(router);
    new MatrixPage(services, views).mount(router);
    new DeliveriesPage(services, views).mount(router);
    new SlaPage(services, views).mount(router);
    new CatchAllPage(services, views).mount(router);
    new BacktestPage(services, views).mount(router);
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(config.host()))
        .requestHandler(router)
        .listen(config.httpPort())
        .onSuccess(s -> server = s);
  }

  public int httpPort() {
    return server.actualPort();
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader(
            "content-security-policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("x-frame-options", "DENY");
    ctx.next();
  }

  private static void requireOperator(RoutingContext ctx) {
    if (Operator.of(ctx) != null) {
      ctx.next();
    } else if (ctx.request().getHeader("HX-Request") != null) {
      ctx.response().putHeader("HX-Redirect", "/sign-in").setStatusCode(401).end();
    } else {
      ctx.redirect("/sign-in");
    }
  }

  private static void signInPage(Views views, RoutingContext ctx, String problem) {
    views.page(
        ctx, "", "Sign in", "sign-in", problem == null ? Map.of() : Map.of("problem", problem));
  }

  /**
   * Checks the key against routing-service, then asks (with a request that changes nothing) whether
   * it may change things, so read-only people do not see buttons that would be refused.
   */
  private static void signIn(Services services, Views views, RoutingContext ctx) {
    String key = ctx.request().getFormAttribute("api_key");
    String name = ctx.request().getFormAttribute("name");
    if (key == null || key.isBlank() || name == null || name.isBlank() || name.length() > 256) {
      signInPage(views, ctx, "Type your API key and your name (at most 256 characters).");
      return;
    }
    String k = key.trim();
    services
        .routing(
            k,
            RoutingServiceGrpcClient.ListReps,
            ListRepsRequest.newBuilder().setPage(PageRequest.newBuilder().setPageSize(1)).build())
        .compose(
            ok ->
                services
                    .routing(
                        k,
                        RoutingServiceGrpcClient.ValidateMatrix,
                        PublishMatrixRequest.newBuilder().setPublishedBy(name).build())
                    .map(true)
                    .recover(
                        e ->
                            Future.succeededFuture(
                                !(e instanceof ServiceError se
                                    && se.status() == GrpcStatus.PERMISSION_DENIED))))
        .onSuccess(
            canChange -> {
              // A fresh session id and CSRF token after sign-in: no session fixation.
              ctx.session().regenerateId();
              ctx.session().remove(Csrf.SESSION_KEY);
              new Operator(k, name.trim(), canChange).store(ctx.session());
              log.info("console sign-in, may change: {}", canChange);
              ctx.redirect("/");
            })
        .onFailure(
            e ->
                signInPage(
                    views,
                    ctx,
                    e instanceof ServiceError se && se.status() == GrpcStatus.UNAUTHENTICATED
                        ? "That key was not accepted."
                        : "Could not check the key: " + e.getMessage()));
  }

  private static void signOut(RoutingContext ctx) {
    ctx.session().destroy();
    ctx.redirect("/sign-in");
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
