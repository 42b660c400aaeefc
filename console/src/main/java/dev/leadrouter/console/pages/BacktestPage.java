package dev.leadrouter.console.pages;

import dev.leadrouter.console.Operator;
import dev.leadrouter.console.ProtoMaps;
import dev.leadrouter.console.ServiceError;
import dev.leadrouter.console.Services;
import dev.leadrouter.console.Views;
import dev.leadrouter.console.backtest.BacktestSummary;
import dev.leadrouter.v1.BacktestRequest;
import dev.leadrouter.v1.BacktestResponse;
import dev.leadrouter.v1.GetMatrixRequest;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.MatrixVersion;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.grpc.common.GrpcStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Backtest: replays the last N days of captured leads against a draft matrix and the published one
 * (routing-service's Backtest, in batches), and shows how many leads change queue or owner, per
 * rule, queue and rep, and how the load would spread. Stores nothing, moves no turn.
 */
public final class BacktestPage {
  private static final int MAX_LEADS = 50_000;
  // Well under routing-service's 4 MiB request limit even for leads with long inquiry texts.
  private static final int BATCH = 2_000;
  private final Services services;
  private final Views views;

  public BacktestPage(Services services, Views views) {
    this.services = services;
    this.views = views;
  }

  public void mount(Router router) {
    router.get("/backtest").handler(this::page);
    router.post("/backtest/run").handler(this::run);
  }

  private void page(RoutingContext ctx) {
    services
        .routing(
            Operator.of(ctx).apiKey(),
            RoutingServiceGrpcClient.GetMatrix,
            GetMatrixRequest.getDefaultInstance())
        .recover(
            e ->
                e instanceof ServiceError se && se.status() == GrpcStatus.NOT_FOUND
                    ? Future.succeededFuture(MatrixVersion.getDefaultInstance())
                    : Future.failedFuture(e))
        .onSuccess(
            v ->
                views.page(
                    ctx, "backtest", "Backtest", "backtest", Map.of("source", v.getSource())))
        .onFailure(e -> views.page(ctx, "backtest", "Backtest", "feed-error", Map.of("error", e)));
  }

  private void run(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    String source = String.valueOf(ctx.request().getFormAttribute("source")).replace("\r\n", "\n");
    int days;
    try {
      days = Integer.parseInt(String.valueOf(ctx.request().getFormAttribute("days")).trim());
    } catch (NumberFormatException e) {
      days = -1;
    }
    if (days < 1 || days > 365) {
      views.error(
          ctx,
          new ServiceError(
              GrpcStatus.INVALID_ARGUMENT, "days: a whole number from 1 to 365", List.of()));
      return;
    }
    long started = System.nanoTime();
    Instant now = Instant.now();
    int period = days;
    CapturedLeads.read(services, key, now.minusSeconds(86_400L * days), now, MAX_LEADS)
        .compose(
            leads -> {
              long read = System.nanoTime();
              BacktestSummary summary = new BacktestSummary();
              Set<String> warnings = new LinkedHashSet<>();
              long[] baseline = {0};
              return batches(key, source, leads, 0, summary, warnings, baseline)
                  .map(
                      v -> {
                        long done = System.nanoTime();
                        List<Map<String, Object>> reps = new ArrayList<>();
                        List<String> labels = new ArrayList<>();
                        List<Integer> before = new ArrayList<>();
                        List<Integer> after = new ArrayList<>();
                        for (BacktestSummary.Line l : summary.reps()) {
                          labels.add(l.key());
                          before.add(l.before());
                          after.add(l.after());
                        }
                        return Map.<String, Object>of(
                            "summary",
                            summary,
                            "days",
                            period,
                            "baselineVersion",
                            baseline[0],
                            "warnings",
                            List.copyOf(warnings),
                            "readMs",
                            (read - started) / 1_000_000,
                            "replayMs",
                            (done - read) / 1_000_000,
                            "totalMs",
                            (done - started) / 1_000_000,
                            "chart",
                            ProtoMaps.json(
                                Map.of("labels", labels, "before", before, "after", after)));
                      });
            })
        .onSuccess(view -> views.fragment(ctx, "backtest-result", view))
        .onFailure(
            e -> {
              if (e instanceof ServiceError se
                  && se.status() == GrpcStatus.INVALID_ARGUMENT
                  && !se.problems().isEmpty()) {
                views.fragment(ctx, "matrix-errors", MatrixPage.errorView(source, se));
              } else {
                views.error(ctx, e);
              }
            });
  }

  private Future<Void> batches(
      String key,
      String source,
      List<Lead> leads,
      int from,
      BacktestSummary summary,
      Set<String> warnings,
      long[] baseline) {
    if (from >= leads.size() && from > 0) {
      return Future.succeededFuture();
    }
    int to = Math.min(leads.size(), from + BATCH);
    return services
        .routing(
            key,
            RoutingServiceGrpcClient.Backtest,
            BacktestRequest.newBuilder()
                .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
                .setSource(source)
                .addAllLeads(leads.subList(from, to))
                .build())
        .compose(
            (BacktestResponse r) -> {
              summary.add(r.getOutcomesList());
              warnings.addAll(r.getWarningsList());
              baseline[0] = r.getBaselineVersion();
              return to >= leads.size()
                  ? Future.succeededFuture()
                  : batches(key, source, leads, to, summary, warnings, baseline);
            });
  }
}
