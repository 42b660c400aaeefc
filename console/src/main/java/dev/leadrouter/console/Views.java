package dev.leadrouter.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.thymeleaf.ThymeleafTemplateEngine;
import java.util.HashMap;
import java.util.Map;

/**
 * Server-side rendering with Thymeleaf (every value HTML-escaped unless a template says otherwise):
 * a page is its own template wrapped in the layout; an htmx request gets the fragment only.
 */
public final class Views {
  private final Vertx vertx;
  private final ThymeleafTemplateEngine engine;

  public Views(Vertx vertx) {
    this.vertx = vertx;
    this.engine = ThymeleafTemplateEngine.create(vertx);
  }

  /**
   * Thymeleaf renders synchronously (and its first use loads a lot of classes): it runs on a worker
   * thread, never on the event loop.
   */
  public Future<Buffer> render(String template, Map<String, Object> data) {
    Map<String, Object> copy = new HashMap<>(data);
    return vertx.executeBlocking(
        () ->
            engine
                .render(copy, "templates/" + template + ".html")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, java.util.concurrent.TimeUnit.SECONDS),
        false);
  }

  /** One template per item (e.g. table rows), concatenated, for a page to embed. */
  public Future<String> renderEach(
      RoutingContext ctx, String template, String name, java.util.List<?> items) {
    Operator op = Operator.of(ctx);
    String csrf = ctx.session() == null ? "" : Csrf.token(ctx.session());
    java.util.List<Future<Buffer>> rendered =
        items.stream()
            .map(
                item -> {
                  Map<String, Object> data = new HashMap<>();
                  data.put(name, item);
                  data.put("canChange", op != null && op.canChange());
                  data.put("csrf", csrf);
                  return render(template, data);
                })
            .toList();
    return Future.all(rendered)
        .map(
            all -> {
              StringBuilder html = new StringBuilder();
              rendered.forEach(f -> html.append(f.result()));
              return html.toString();
            });
  }

  /** A whole page: the template inside the layout, with navigation and the CSRF token. */
  public void page(
      RoutingContext ctx, String nav, String title, String template, Map<String, Object> data) {
    Operator op = Operator.of(ctx);
    Map<String, Object> all = new HashMap<>(data);
    all.put("operator", op);
    all.put("canChange", op != null && op.canChange());
    all.put("csrf", Csrf.token(ctx.session()));
    render(template, all)
        .compose(
            body -> {
              Map<String, Object> layout = new HashMap<>(all);
              layout.put("body", body.toString());
              layout.put("nav", nav);
              layout.put("title", title);
              return render("layout", layout);
            })
        .onSuccess(html -> send(ctx, html))
        .onFailure(ctx::fail);
  }

  /** A fragment for htmx to swap in. */
  public void fragment(RoutingContext ctx, String template, Map<String, Object> data) {
    Operator op = Operator.of(ctx);
    Map<String, Object> all = new HashMap<>(data);
    all.put("operator", op);
    all.put("canChange", op != null && op.canChange());
    all.put("csrf", ctx.session() == null ? "" : Csrf.token(ctx.session()));
    render(template, all).onSuccess(html -> send(ctx, html)).onFailure(ctx::fail);
  }

  /** A service's refusal shown where the result would have gone. */
  public void error(RoutingContext ctx, Throwable failure) {
    ServiceError e =
        failure instanceof ServiceError se
            ? se
            : new ServiceError(
                io.vertx.grpc.common.GrpcStatus.INTERNAL,
                "unexpected error: " + failure.getMessage(),
                java.util.List.of());
    if (e.status() == io.vertx.grpc.common.GrpcStatus.PERMISSION_DENIED) {
      // A refused change is a refusal for the browser too, not a page that happens to say so.
      ctx.response().setStatusCode(403);
    }
    fragment(ctx, "error", Map.of("error", e));
  }

  private static void send(RoutingContext ctx, Buffer html) {
    ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(html);
  }
}
