package dev.leadrouter.console.pages;

import dev.leadrouter.console.Operator;
import dev.leadrouter.console.Services;
import dev.leadrouter.console.Views;
import dev.leadrouter.console.audit.CatchAllAudit;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.ListAssignmentsRequest;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Catch-all audit: what reached the catch-all queue in a month (UTC), grouped by country, source
 * and product to show the rule gaps, exportable as CSV. Only the month is in the URL.
 */
public final class CatchAllPage {
  private static final int MAX_LEADS = 20_000;
  private final Services services;
  private final Views views;

  public CatchAllPage(Services services, Views views) {
    this.services = services;
    this.views = views;
  }

  public void mount(Router router) {
    router.get("/catch-all").handler(this::page);
    router.get("/catch-all.csv").handler(this::csv);
  }

  private static YearMonth month(RoutingContext ctx) {
    try {
      String m = ctx.request().getParam("month");
      return m == null ? YearMonth.now(ZoneOffset.UTC) : YearMonth.parse(m);
    } catch (DateTimeParseException e) {
      return YearMonth.now(ZoneOffset.UTC);
    }
  }

  private void page(RoutingContext ctx) {
    YearMonth month = month(ctx);
    audit(Operator.of(ctx).apiKey(), month)
        .onSuccess(
            audit ->
                views.page(
                    ctx,
                    "catch-all",
                    "Catch-all audit",
                    "catch-all",
                    Map.of(
                        "month", month.toString(),
                        "previous", month.minusMonths(1).toString(),
                        "next", month.plusMonths(1).toString(),
                        "audit", audit)))
        .onFailure(
            e -> views.page(ctx, "catch-all", "Catch-all audit", "feed-error", Map.of("error", e)));
  }

  private void csv(RoutingContext ctx) {
    YearMonth month = month(ctx);
    audit(Operator.of(ctx).apiKey(), month)
        .onSuccess(
            audit ->
                ctx.response()
                    .putHeader("content-type", "text/csv; charset=utf-8")
                    .putHeader(
                        "content-disposition",
                        "attachment; filename=\"catch-all-" + month + ".csv\"")
                    .putHeader("cache-control", "no-store")
                    .end(audit.csv()))
        .onFailure(ctx::fail);
  }

  private Future<CatchAllAudit> audit(String key, YearMonth month) {
    Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    List<Assignment> caught = new ArrayList<>();
    return catchAll(key, from, to, "", caught)
        // Leads are captured shortly before they are routed: look a day further back.
        .compose(
            v -> CapturedLeads.read(services, key, from.minusSeconds(86_400), to, MAX_LEADS * 4))
        .map(
            leads -> {
              Map<String, Lead> byId = new HashMap<>();
              leads.forEach(l -> byId.put(l.getLeadId(), l));
              List<CatchAllAudit.Entry> entries = new ArrayList<>();
              for (Assignment a : caught) {
                Lead l = byId.getOrDefault(a.getLeadId(), Lead.getDefaultInstance());
                entries.add(
                    new CatchAllAudit.Entry(
                        a.getLeadId(),
                        Instant.ofEpochSecond(a.getDecidedAt().getSeconds()).toString(),
                        l.getLocation().getCountryCode(),
                        l.getLocation().getRegionCode(),
                        l.getLeadId().isEmpty() ? "" : LeadFacts.source(l),
                        l.getProductInterestsList(),
                        l.getCompany().getEmployeeCount(),
                        a.getReason()));
              }
              return new CatchAllAudit(entries);
            });
  }

  private Future<Void> catchAll(
      String key, Instant from, Instant to, String token, List<Assignment> out) {
    return services
        .routing(
            key,
            RoutingServiceGrpcClient.ListAssignments,
            ListAssignmentsRequest.newBuilder()
                .setCatchAllOnly(true)
                .setFrom(CapturedLeads.ts(from))
                .setTo(CapturedLeads.ts(to))
                .setPage(PageRequest.newBuilder().setPageSize(500).setPageToken(token))
                .build())
        .compose(
            page -> {
              out.addAll(page.getAssignmentsList());
              return page.getNextPageToken().isEmpty() || out.size() >= MAX_LEADS
                  ? Future.succeededFuture()
                  : catchAll(key, from, to, page.getNextPageToken(), out);
            });
  }
}
