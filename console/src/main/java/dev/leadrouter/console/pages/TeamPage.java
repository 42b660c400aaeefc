package dev.leadrouter.console.pages;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Timestamp;
import dev.leadrouter.console.Operator;
import dev.leadrouter.console.ServiceError;
import dev.leadrouter.console.Services;
import dev.leadrouter.console.Views;
import dev.leadrouter.console.team.QueueMemberships;
import dev.leadrouter.console.team.RepEdit;
import dev.leadrouter.console.team.RepRow;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.GetMatrixRequest;
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
import io.vertx.grpc.common.GrpcStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Team: every rep with status, out-of-office periods, working hours in their own time zone, caps
 * and current open load, and the queues (with weights) the published matrix puts them in; a rep
 * goes out of office in two clicks (open the menu, pick how long); "Edit" turns the row into a form
 * for caps, time zone, working hours, skills, languages and products. Rep ids travel in request
 * bodies, never in URLs.
 */
public final class TeamPage {
  private static final Map<String, Duration> PERIODS =
      Map.of("4h", Duration.ofHours(4), "1d", Duration.ofDays(1), "1w", Duration.ofDays(7));

  /** Every time zone Java knows, offered as the time zone fields' suggestions. */
  private static final List<String> ZONES =
      ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/")).sorted().toList();

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
    router.post("/team/edit").handler(this::editForm);
    router.post("/team/save").handler(this::save);
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
    Future<QueueMemberships> queues = memberships(key);
    Future.all(reps, open, queues)
        .compose(
            all ->
                views.renderEach(
                    ctx,
                    "team-row",
                    "r",
                    reps.result().stream()
                        .map(r -> row(r, open.result(), queues.result()))
                        .toList()))
        .onSuccess(
            html ->
                views.page(ctx, "team", "Team", "team", Map.of("rowsHtml", html, "zones", ZONES)))
        .onFailure(e -> views.page(ctx, "team", "Team", "feed-error", Map.of("error", e)));
  }

  private static Map<String, Object> row(
      Rep rep, Map<String, Integer> open, QueueMemberships queues) {
    return RepRow.of(
        rep, open.getOrDefault(rep.getRepId(), 0), queues.forRep(rep.getRepId()), Instant.now());
  }

  /** The queues of the published matrix each rep is in; none when nothing is published yet. */
  private Future<QueueMemberships> memberships(String key) {
    return services
        .routing(key, RoutingServiceGrpcClient.GetMatrix, GetMatrixRequest.getDefaultInstance())
        .map(m -> QueueMemberships.of(m.getSource()))
        .recover(
            e ->
                e instanceof ServiceError se && se.status() == GrpcStatus.NOT_FOUND
                    ? Future.succeededFuture(QueueMemberships.of(""))
                    : Future.failedFuture(e));
  }

  /** One rep's row after a change, with fresh load and queues. */
  private void sendRow(RoutingContext ctx, String key, Rep rep) {
    Future<Map<String, Integer>> open = openLoads(key);
    Future<QueueMemberships> queues = memberships(key);
    Future.all(open, queues)
        .onSuccess(
            all ->
                views.fragment(
                    ctx, "team-row", Map.of("r", row(rep, open.result(), queues.result()))))
        .onFailure(e -> views.error(ctx, e));
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

  /** The edit form in place of the rep's row, filled from the rep as stored now. */
  private void editForm(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    String repId = requiredRepId(ctx);
    if (repId == null) {
      return;
    }
    storedRep(key, repId)
        .onSuccess(rep -> sendForm(ctx, rep, RepEdit.of(rep)))
        .onFailure(e -> views.error(ctx, e));
  }

  /**
   * Saves the form as one UpdateRep naming only the changed fields: all of it or nothing. The form
   * comes back with every problem at its field when the console or the service refuses it.
   */
  private void save(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    String repId = requiredRepId(ctx);
    if (repId == null) {
      return;
    }
    storedRep(key, repId)
        .onFailure(e -> views.error(ctx, e))
        .onSuccess(
            stored -> {
              RepEdit edit = RepEdit.submitted(stored, ctx.request()::getFormAttribute);
              if (edit.hasProblems()) {
                ctx.response().setStatusCode(400);
                sendForm(ctx, stored, edit);
              } else if (edit.changesNothing()) {
                sendRow(ctx, key, stored);
              } else {
                services
                    .routing(key, RoutingServiceGrpcClient.UpdateRep, edit.request())
                    .onSuccess(rep -> sendRow(ctx, key, rep))
                    .onFailure(e -> refused(ctx, stored, edit, e));
              }
            });
  }

  private void refused(RoutingContext ctx, Rep stored, RepEdit edit, Throwable e) {
    if (e instanceof ServiceError se && se.status() == GrpcStatus.INVALID_ARGUMENT) {
      if (se.problems().isEmpty()) {
        edit.generalProblem(se.getMessage());
      }
      se.problems().forEach(p -> edit.serviceProblem(p.field(), p.description()));
      ctx.response().setStatusCode(400);
    } else if (e instanceof ServiceError se) {
      edit.generalProblem(se.explanation());
      ctx.response().setStatusCode(se.status() == GrpcStatus.PERMISSION_DENIED ? 403 : 502);
    } else {
      edit.generalProblem("unexpected error: " + e.getMessage());
      ctx.response().setStatusCode(500);
    }
    sendForm(ctx, stored, edit);
  }

  private void sendForm(RoutingContext ctx, Rep rep, RepEdit edit) {
    views.fragment(
        ctx,
        "team-edit",
        Map.of(
            "r", Map.of("repId", rep.getRepId(), "displayName", rep.getDisplayName()),
            "fields", edit.fields(),
            "fieldProblems", !edit.problems().isEmpty(),
            "general", edit.general()));
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
    String repId = requiredRepId(ctx);
    if (repId == null) {
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
            if (!RepRow.covers(o, now)) {
              b.addOutOfOffice(o);
            } else if (o.getStart().getSeconds() < now.getEpochSecond()) {
              b.addOutOfOffice(o.toBuilder().setEnd(ts(now)));
            }
          }
          return b.build();
        });
  }

  private void changeAbsences(
      RoutingContext ctx, String key, String repId, java.util.function.UnaryOperator<Rep> change) {
    storedRep(key, repId)
        .compose(
            rep ->
                services.routing(
                    key,
                    RoutingServiceGrpcClient.UpdateRep,
                    UpdateRepRequest.newBuilder()
                        .setRep(change.apply(rep))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("out_of_office"))
                        .build()))
        .onSuccess(rep -> sendRow(ctx, key, rep))
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
        .onSuccess(rep -> sendRow(ctx, key, rep))
        .onFailure(e -> views.error(ctx, e));
  }

  /** The form's rep_id, or null once a 400 has answered a form without one. */
  private static String requiredRepId(RoutingContext ctx) {
    String repId = ctx.request().getFormAttribute("rep_id");
    if (repId == null) {
      ctx.response().setStatusCode(400).end("rep_id is required");
    }
    return repId;
  }

  /** The rep as stored now, read again so an edit starts from (and is checked against) it. */
  private Future<Rep> storedRep(String key, String repId) {
    return services.routing(
        key, RoutingServiceGrpcClient.GetRep, GetRepRequest.newBuilder().setRepId(repId).build());
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }
}
