package dev.leadrouter.console.pages;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.leadrouter.console.Operator;
import dev.leadrouter.console.ProtoMaps;
import dev.leadrouter.console.Services;
import dev.leadrouter.console.Views;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.GetRepRequest;
import dev.leadrouter.v1.ListAssignmentsRequest;
import dev.leadrouter.v1.ListRepsRequest;
import dev.leadrouter.v1.OutOfOffice;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SetRepStatusRequest;
import dev.leadrouter.v1.UpdateRepRequest;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Team: every rep with status, out-of-office periods, working hours in their own time zone, caps
 * and current open load; a rep goes out of office in two clicks (open the menu, pick how long). Rep
 * ids travel in request bodies, never in URLs.
 */
public final class TeamPage {
  private static final Map<String, Duration> PERIODS =
      Map.of("4h", Duration.ofHours(4), "1d", Duration.ofDays(1), "1w", Duration.ofDays(7));
  private final Services services;
  private final Views views;

  public TeamPage(Services services, Views views) {
    this.services = services;
    this.views = views;
  }

  public void mount(Router router) {
    router.get("/team").handler(this::page);
    router.post("/team/out-of-office").handler(this::outOfOffice);
    router.post("/team/back").handler(this::back);
    router.post("/team/status").handler(this::status);
  }

  private void page(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    Future<List<Rep>> reps =
        services
            .routing(
                key,
                RoutingServiceGrpcClient.ListReps,
                ListRepsRequest.newBuilder()
                    .setIncludeInactive(true)
                    .setPage(PageRequest.newBuilder().setPageSize(500))
                    .build())
            .map(r -> r.getRepsList());
    Future<Map<String, Integer>> open = openLoads(key);
    Future.all(reps, open)
        .compose(
            all ->
                views.renderEach(
                    ctx,
                    "team-row",
                    "r",
                    reps.result().stream().map(r -> repView(r, open.result())).toList()))
        .onSuccess(html -> views.page(ctx, "team", "Team", "team", Map.of("rowsHtml", html)))
        .onFailure(e -> views.page(ctx, "team", "Team", "feed-error", Map.of("error", e)));
  }

  /** Open (not yet first-touched) assignments per rep among the last 500 assignments. */
  private Future<Map<String, Integer>> openLoads(String key) {
    return services
        .routing(
            key,
            RoutingServiceGrpcClient.ListAssignments,
            ListAssignmentsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(500))
                .build())
        .map(
            resp -> {
              Map<String, Integer> open = new HashMap<>();
              for (Assignment a : resp.getAssignmentsList()) {
                if (!a.hasFirstTouchedAt()) {
                  open.merge(a.getRepId(), 1, Integer::sum);
                }
              }
              return open;
            });
  }

  static Map<String, Object> repView(Rep rep, Map<String, Integer> open) {
    Map<String, Object> view = new HashMap<>(ProtoMaps.of(rep));
    Instant now = Instant.now();
    ZoneId zone = zone(rep.getTimeZone());
    view.put("open", open.getOrDefault(rep.getRepId(), 0));
    view.put("outNow", rep.getOutOfOfficeList().stream().anyMatch(o -> covers(o, now)));
    view.put(
        "absences",
        rep.getOutOfOfficeList().stream()
            .filter(o -> seconds(o.getEnd()) > now.getEpochSecond())
            .map(o -> local(o.getStart(), zone) + " → " + local(o.getEnd(), zone) + note(o))
            .toList());
    view.put(
        "localTime", ZonedDateTime.now(zone).toLocalTime().withNano(0).withSecond(0).toString());
    view.put("statusName", rep.getStatus().name().replace("REP_STATUS_", "").toLowerCase());
    view.put("hours", WorkingHoursText.of(rep.getWorkingHours()));
    view.put(
        "caps",
        cap(rep.getCapacity().getMaxOpenLeads())
            + " open / "
            + cap(rep.getCapacity().getMaxLeadsPerDay())
            + " a day");
    return view;
  }

  private static String cap(int value) {
    return value == 0 ? "no cap" : Integer.toString(value);
  }

  private static String note(OutOfOffice o) {
    return o.getNote().isEmpty() ? "" : " (" + o.getNote() + ")";
  }

  private static boolean covers(OutOfOffice o, Instant now) {
    return seconds(o.getStart()) <= now.getEpochSecond()
        && now.getEpochSecond() < seconds(o.getEnd());
  }

  private static long seconds(Timestamp t) {
    return t.getSeconds();
  }

  private static String local(Timestamp t, ZoneId zone) {
    return Instant.ofEpochSecond(t.getSeconds())
        .atZone(zone)
        .toLocalDateTime()
        .toString()
        .replace('T', ' ');
  }

  static ZoneId zone(String id) {
    try {
      return id.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(id);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }

  /** Adds an absence from now for the chosen period, keeping the rep's other absences. */
  private void outOfOffice(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    String repId = ctx.request().getFormAttribute("rep_id");
    Duration period = PERIODS.get(String.valueOf(ctx.request().getFormAttribute("period")));
    if (repId == null || period == null) {
      ctx.response().setStatusCode(400).end("rep_id and period (4h, 1d, 1w) are required");
      return;
    }
    Instant now = Instant.now();
    changeAbsences(
        ctx,
        key,
        repId,
        rep ->
            rep.toBuilder()
                .addOutOfOffice(
                    OutOfOffice.newBuilder()
                        .setStart(ts(now))
                        .setEnd(ts(now.plus(period)))
                        .setNote("set in console by " + Operator.of(ctx).name()))
                .build());
  }

  /** Ends every absence that covers now at this moment; future ones stay. */
  private void back(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    String repId = ctx.request().getFormAttribute("rep_id");
    if (repId == null) {
      ctx.response().setStatusCode(400).end("rep_id is required");
      return;
    }
    Instant now = Instant.now();
    changeAbsences(
        ctx,
        key,
        repId,
        rep -> {
          Rep.Builder b = rep.toBuilder().clearOutOfOffice();
          for (OutOfOffice o : rep.getOutOfOfficeList()) {
            if (!covers(o, now)) {
              b.addOutOfOffice(o);
            } else if (seconds(o.getStart()) < now.getEpochSecond()) {
              b.addOutOfOffice(o.toBuilder().setEnd(ts(now)));
            }
          }
          return b.build();
        });
  }

  private void changeAbsences(
      RoutingContext ctx, String key, String repId, java.util.function.UnaryOperator<Rep> change) {
    services
        .routing(
            key,
            RoutingServiceGrpcClient.GetRep,
            GetRepRequest.newBuilder().setRepId(repId).build())
        .compose(
            rep ->
                services.routing(
                    key,
                    RoutingServiceGrpcClient.UpdateRep,
                    UpdateRepRequest.newBuilder()
                        .setRep(change.apply(rep))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("out_of_office"))
                        .build()))
        .compose(rep -> openLoads(key).map(open -> repView(rep, open)))
        .onSuccess(view -> views.fragment(ctx, "team-row", Map.of("r", view)))
        .onFailure(e -> views.error(ctx, e));
  }

  private void status(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    String repId = ctx.request().getFormAttribute("rep_id");
    RepStatus status;
    try {
      status =
          RepStatus.valueOf("REP_STATUS_" + ctx.request().getFormAttribute("status").toUpperCase());
    } catch (RuntimeException e) {
      ctx.response().setStatusCode(400).end("status must be available, away or offline");
      return;
    }
    services
        .routing(
            key,
            RoutingServiceGrpcClient.SetRepStatus,
            SetRepStatusRequest.newBuilder()
                .setRepId(String.valueOf(repId))
                .setStatus(status)
                .build())
        .compose(rep -> openLoads(key).map(open -> repView(rep, open)))
        .onSuccess(view -> views.fragment(ctx, "team-row", Map.of("r", view)))
        .onFailure(e -> views.error(ctx, e));
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
