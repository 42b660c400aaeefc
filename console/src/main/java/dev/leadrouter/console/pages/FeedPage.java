package dev.leadrouter.console.pages;

import com.google.protobuf.Timestamp;
import dev.leadrouter.console.Operator;
import dev.leadrouter.console.ProtoMaps;
import dev.leadrouter.console.Services;
import dev.leadrouter.console.Views;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.CaptureServiceGrpcClient;
import dev.leadrouter.v1.GetLeadRequest;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.ListAssignmentsRequest;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live feed: the latest assignments, then each new one pushed as a server-sent event carrying its
 * rendered row, with the full decision trace one click away. routing-service has no push API, so
 * each open feed polls ListAssignments once a second with the viewer's own key.
 */
public final class FeedPage {
  private static final int ROWS = 25;
  private static final long POLL_MS = 1000;
  private static final long HEARTBEAT_MS = 15_000;
  private final Vertx vertx;
  private final Services services;
  private final Views views;

  public FeedPage(Vertx vertx, Services services, Views views) {
    this.vertx = vertx;
    this.services = services;
    this.views = views;
  }

  public void mount(Router router) {
    router.get("/").handler(this::page);
    router.get("/feed/events").handler(this::events);
  }

  private void page(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    Instant since = Instant.now();
    recent(key, null)
        .compose(list -> rows(key, list))
        .compose(this::renderRows)
        .onSuccess(
            html ->
                views.page(
                    ctx,
                    "feed",
                    "Live feed",
                    "feed",
                    Map.of("rowsHtml", html, "since", Long.toString(since.toEpochMilli()))))
        .onFailure(e -> views.page(ctx, "feed", "Live feed", "feed-error", Map.of("error", e)));
  }

  /** Rows rendered by the same template the live events use, so both look the same. */
  private Future<String> renderRows(List<Map<String, Object>> rows) {
    List<Future<io.vertx.core.buffer.Buffer>> rendered =
        rows.stream().map(row -> views.render("feed-row", Map.of("row", row))).toList();
    return Future.all(rendered)
        .map(
            all -> {
              StringBuilder html = new StringBuilder();
              rendered.forEach(f -> html.append(f.result()));
              return html.toString();
            });
  }

  private Future<List<Assignment>> recent(String key, Instant from) {
    ListAssignmentsRequest.Builder r =
        ListAssignmentsRequest.newBuilder().setPage(PageRequest.newBuilder().setPageSize(ROWS));
    if (from != null) {
      r.setFrom(Timestamp.newBuilder().setSeconds(from.getEpochSecond()).setNanos(from.getNano()));
    }
    return services
        .routing(key, RoutingServiceGrpcClient.ListAssignments, r.build())
        .map(resp -> resp.getAssignmentsList());
  }

  /** Each assignment with where its lead came from (read from capture; blank if erased). */
  private Future<List<Map<String, Object>>> rows(String key, List<Assignment> list) {
    List<Future<Lead>> leads =
        list.stream()
            .map(
                a ->
                    services
                        .capture(
                            key,
                            CaptureServiceGrpcClient.GetLead,
                            GetLeadRequest.newBuilder().setLeadId(a.getLeadId()).build())
                        .otherwise((Lead) null))
            .toList();
    return Future.join(leads)
        .recover(e -> Future.succeededFuture())
        .map(
            v -> {
              List<Map<String, Object>> rows = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                rows.add(row(list.get(i), leads.get(i).result()));
              }
              return rows;
            });
  }

  static Map<String, Object> row(Assignment a, Lead lead) {
    Map<String, Object> row = new HashMap<>();
    row.put("a", ProtoMaps.of(a));
    row.put("source", lead == null ? "" : LeadFacts.source(lead));
    row.put("company", lead == null ? "" : lead.getCompany().getName());
    row.put("country", lead == null ? "" : lead.getLocation().getCountryCode());
    return row;
  }

  /**
   * Server-sent events: one {@code assignment} event per new assignment, oldest first, each the
   * rendered table row; a comment line now and then keeps proxies from closing the stream.
   */
  private void events(RoutingContext ctx) {
    String key = Operator.of(ctx).apiKey();
    Instant start;
    try {
      start = Instant.ofEpochMilli(Long.parseLong(ctx.request().getParam("since", "0")));
    } catch (NumberFormatException e) {
      start = Instant.now();
    }
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no");
    response.write(": feed open\n\n");
    Set<String> sent = new LinkedHashSet<>();
    Instant[] cursor = {start.minusSeconds(2)};
    boolean[] busy = {false};
    long poll =
        vertx.setPeriodic(
            POLL_MS,
            id -> {
              if (busy[0]) {
                return;
              }
              busy[0] = true;
              recent(key, cursor[0])
                  .map(
                      list ->
                          list.stream().filter(a -> !sent.contains(a.getAssignmentId())).toList())
                  .compose(fresh -> rows(key, oldestFirst(fresh)))
                  .compose(rows -> push(response, rows, sent, cursor))
                  .onComplete(done -> busy[0] = false);
            });
    long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> response.write(": keep-alive\n\n"));
    response.closeHandler(
        v -> {
          vertx.cancelTimer(poll);
          vertx.cancelTimer(heartbeat);
        });
  }

  private static List<Assignment> oldestFirst(List<Assignment> newestFirst) {
    List<Assignment> out = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(out);
    return out;
  }

  private Future<Void> push(
      HttpServerResponse response,
      List<Map<String, Object>> rows,
      Set<String> sent,
      Instant[] cursor) {
    Future<Void> chain = Future.succeededFuture();
    for (Map<String, Object> row : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Object> a = (Map<String, Object>) row.get("a");
      String id = (String) a.get("assignmentId");
      chain =
          chain.compose(
              v ->
                  views
                      .render("feed-row", Map.of("row", row))
                      .compose(
                          html -> {
                            sent.add(id);
                            if (sent.size() > 1000) {
                              sent.remove(sent.iterator().next());
                            }
                            Instant decided = Instant.parse((String) a.get("decidedAt"));
                            if (decided.minusSeconds(2).isAfter(cursor[0])) {
                              cursor[0] = decided.minusSeconds(2);
                            }
                            if (response.closed()) {
                              return Future.succeededFuture();
                            }
                            StringBuilder event = new StringBuilder("event: assignment\n");
                            for (String line : html.toString().split("\n")) {
                              event.append("data: ").append(line).append('\n');
                            }
                            return response.write(event.append('\n').toString());
                          }));
    }
    return chain;
  }
}
