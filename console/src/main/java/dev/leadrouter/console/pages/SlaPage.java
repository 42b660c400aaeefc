package dev.leadrouter.console.pages;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.leadrouter.console.Operator;
import dev.leadrouter.console.ProtoMaps;
import dev.leadrouter.console.ServiceError;
import dev.leadrouter.console.Services;
import dev.leadrouter.console.Views;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Clock;
import dev.leadrouter.v1.ClockState;
import dev.leadrouter.v1.GetClockRequest;
import dev.leadrouter.v1.ListAssignmentsRequest;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.ReportGrouping;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.SpeedToLeadReport;
import dev.leadrouter.v1.SpeedToLeadRequest;
import dev.leadrouter.v1.SpeedToLeadRow;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Speed-to-lead and SLA: open clocks of recent open assignments with time left and their escalation
 * ladder, breaches, and per-rep p50/p90 time to first touch and breach rate over a chosen number of
 * days, charted.
 */
public final class SlaPage {
  private static final Set<Integer> PERIODS = Set.of(1, 7, 30, 90);
  private static final int CLOCKS = 50;
  private final Services services;
  private final Views views;

  public SlaPage(Services services, Views views) {
    this.services = services;
    this.views = views;
  }

  public void mount(Router router) {
    router.get("/sla").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    int days;
    try {
      days = Integer.parseInt(ctx.request().getParam("days", "7"));
    } catch (NumberFormatException e) {
      days = 7;
    }
    int period = PERIODS.contains(days) ? days : 7;
    Instant now = Instant.now();
    Future<SpeedToLeadReport> report =
        services.sla(
            key,
            SlaServiceGrpcClient.ReportSpeedToLead,
            SpeedToLeadRequest.newBuilder()
                .setFrom(ts(now.minusSeconds(86_400L * period)))
                .setTo(ts(now))
                .setGroupBy(ReportGrouping.REPORT_GROUPING_REP)
                .setPage(PageRequest.newBuilder().setPageSize(500))
                .build());
    Future<List<Map<String, Object>>> clocks = clocks(key, now);
    Future.all(report, clocks)
        .onSuccess(
            all -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              List<String> labels = new ArrayList<>();
              List<Double> p50 = new ArrayList<>();
              List<Double> p90 = new ArrayList<>();
              List<Double> breach = new ArrayList<>();
              for (SpeedToLeadRow r : report.result().getRowsList()) {
                Map<String, Object> row = new HashMap<>(ProtoMaps.of(r));
                row.put("p50Text", minutes(r.getMedian()));
                row.put("p90Text", minutes(r.getP90()));
                row.put("breachPct", Math.round(r.getBreachRate() * 1000) / 10.0);
                rows.add(row);
                labels.add(r.getKey());
                p50.add(seconds(r.getMedian()) / 60.0);
                p90.add(seconds(r.getP90()) / 60.0);
                breach.add(r.getBreachRate() * 100);
              }
              Map<String, Object> chart =
                  Map.of("labels", labels, "p50", p50, "p90", p90, "breach", breach);
              views.page(
                  ctx,
                  "sla",
                  "Speed to lead",
                  "sla",
                  Map.of(
                      "rows",
                      rows,
                      "days",
                      period,
                      "chart",
                      ProtoMaps.json(chart),
                      "clocks",
                      clocks.result()));
            })
        .onFailure(e -> views.page(ctx, "sla", "Speed to lead", "feed-error", Map.of("error", e)));
  }

  /** Clocks of the latest not-yet-touched assignments: time left and each rung of the ladder. */
  private Future<List<Map<String, Object>>> clocks(String key, Instant now) {
    return services
        .routing(
            key,
            RoutingServiceGrpcClient.ListAssignments,
            ListAssignmentsRequest.newBuilder()
                .setFrom(ts(now.minusSeconds(86_400L * 7)))
                .setPage(PageRequest.newBuilder().setPageSize(200))
                .build())
        .compose(
            resp -> {
              List<Assignment> open =
                  resp.getAssignmentsList().stream()
                      .filter(a -> !a.hasFirstTouchedAt())
                      .limit(CLOCKS)
                      .toList();
              List<Future<Clock>> reads =
                  open.stream()
                      .map(
                          a ->
                              services
                                  .sla(
                                      key,
                                      SlaServiceGrpcClient.GetClock,
                                      GetClockRequest.newBuilder()
                                          .setAssignmentId(a.getAssignmentId())
                                          .build())
                                  .recover(
                                      e ->
                                          e instanceof ServiceError
                                              ? Future.succeededFuture((Clock) null)
                                              : Future.failedFuture(e)))
                      .toList();
              return Future.join(reads)
                  .recover(e -> Future.succeededFuture())
                  .map(
                      v -> {
                        List<Map<String, Object>> out = new ArrayList<>();
                        for (Future<Clock> f : reads) {
                          Clock c = f.result();
                          if (c != null) {
                            out.add(clockView(c, now));
                          }
                        }
                        return out;
                      });
            });
  }

  static Map<String, Object> clockView(Clock c, Instant now) {
    Map<String, Object> view = new HashMap<>(ProtoMaps.of(c));
    long left = c.getDeadline().getSeconds() - now.getEpochSecond();
    boolean open =
        c.getState() == ClockState.CLOCK_STATE_RUNNING
            || c.getState() == ClockState.CLOCK_STATE_WARNED
            || c.getState() == ClockState.CLOCK_STATE_ESCALATED;
    view.put("stateName", c.getState().name().replace("CLOCK_STATE_", "").toLowerCase());
    view.put(
        "timeLeft",
        !open ? "" : left >= 0 ? minutesText(left) + " left" : minutesText(-left) + " over");
    view.put("breached", c.getState() == ClockState.CLOCK_STATE_BREACHED || (open && left < 0));
    return view;
  }

  private static String minutesText(long seconds) {
    return seconds >= 3600
        ? (seconds / 3600) + " h " + (seconds % 3600) / 60 + " min"
        : (seconds / 60) + " min " + (seconds % 60) + " s";
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNanos() / 1e9;
  }

  private static String minutes(Duration d) {
    return minutesText(d.getSeconds());
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
