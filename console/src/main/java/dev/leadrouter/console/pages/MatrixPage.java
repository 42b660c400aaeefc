package dev.leadrouter.console.pages;

import dev.leadrouter.console.Operator;
import dev.leadrouter.console.ProtoMaps;
import dev.leadrouter.console.ServiceError;
import dev.leadrouter.console.Services;
import dev.leadrouter.console.Views;
import dev.leadrouter.console.matrix.TextDiff;
import dev.leadrouter.console.matrix.YamlLines;
import dev.leadrouter.console.team.QueueMemberships;
import dev.leadrouter.v1.BacktestRequest;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.GetMatrixRequest;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.ListMatrixVersionsRequest;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.MatrixVersion;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.RollbackMatrixRequest;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SourceChannel;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routing matrix: the published version and its history, a YAML editor whose validation errors are
 * shown at their line, a diff against the published version, "try a lead", publish and roll back.
 * Every check is routing-service's own (ValidateMatrix, PublishMatrix): the console parses nothing
 * itself except to find the line a path points at.
 */
public final class MatrixPage {
  private final Services services;
  private final Views views;

  public MatrixPage(Services services, Views views) {
    this.services = services;
    this.views = views;
  }

  public void mount(Router router) {
    router.get("/matrix").handler(ctx -> page(ctx, null));
    router.post("/matrix/rep").handler(this::repLines);
    router.post("/matrix/validate").handler(ctx -> check(ctx, false));
    router.post("/matrix/publish").handler(ctx -> check(ctx, true));
    router.post("/matrix/diff").handler(this::diff);
    router.post("/matrix/rollback").handler(this::rollback);
    router.post("/matrix/simulate").handler(this::simulate);
  }

  private Future<MatrixVersion> active(String key) {
    return services
        .routing(key, RoutingServiceGrpcClient.GetMatrix, GetMatrixRequest.getDefaultInstance())
        .recover(
            e ->
                e instanceof ServiceError se && se.status() == GrpcStatus.NOT_FOUND
                    ? Future.succeededFuture(MatrixVersion.getDefaultInstance())
                    : Future.failedFuture(e));
  }

  /**
   * The editor opened at the lines that name one rep (from the Team page's "Weights in matrix"):
   * weights live in the queues' member lists, and are changed, checked, diffed and published as any
   * other change to the matrix. The rep id comes in the body, not the URL.
   */
  private void repLines(RoutingContext ctx) {
    String repId = ctx.request().getFormAttribute("rep_id");
    if (repId == null || repId.isBlank() || repId.length() > 64) {
      ctx.response().setStatusCode(400).end("rep_id is required");
      return;
    }
    page(ctx, repId);
  }

  private void page(RoutingContext ctx, String repId) {
    String key = Operator.of(ctx).apiKey();
    Future<MatrixVersion> active = active(key);
    Future<List<MatrixVersion>> history =
        services
            .routing(
                key,
                RoutingServiceGrpcClient.ListMatrixVersions,
                ListMatrixVersionsRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(20))
                    .build())
            .map(r -> r.getVersionsList());
    Future.all(active, history)
        .onSuccess(
            all -> {
              Map<String, Object> data = new HashMap<>();
              data.put("active", ProtoMaps.of(active.result()));
              data.put("history", ProtoMaps.of(history.result()));
              if (repId != null) {
                data.put("rep", repId);
                data.put(
                    "repLines", QueueMemberships.of(active.result().getSource()).forRep(repId));
              }
              views.page(ctx, "matrix", "Routing matrix", "matrix", data);
            })
        .onFailure(
            e -> views.page(ctx, "matrix", "Routing matrix", "feed-error", Map.of("error", e)));
  }

  private static String source(RoutingContext ctx) {
    String s = ctx.request().getFormAttribute("source");
    return s == null ? "" : s.replace("\r\n", "\n");
  }

  /** Validates, or publishes; either way errors come back at their line of the draft. */
  private void check(RoutingContext ctx, boolean publish) {
    Operator op = Operator.of(ctx);
    String source = source(ctx);
    String comment = ctx.request().getFormAttribute("comment");
    PublishMatrixRequest request =
        PublishMatrixRequest.newBuilder()
            .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
            .setSource(source)
            .setComment(comment == null ? "" : comment)
            .setPublishedBy(op.name())
            .build();
    services
        .routing(
            op.apiKey(),
            publish
                ? RoutingServiceGrpcClient.PublishMatrix
                : RoutingServiceGrpcClient.ValidateMatrix,
            request)
        .onSuccess(
            v ->
                views.fragment(
                    ctx, "matrix-ok", Map.of("published", publish, "version", ProtoMaps.of(v))))
        .onFailure(
            e -> {
              if (e instanceof ServiceError se && se.status() == GrpcStatus.INVALID_ARGUMENT) {
                views.fragment(ctx, "matrix-errors", errorView(source, se));
              } else {
                views.error(ctx, e);
              }
            });
  }

  /** Each problem with its line, and the draft's lines with the problems under theirs. */
  static Map<String, Object> errorView(String source, ServiceError error) {
    YamlLines lines = new YamlLines(source);
    List<Map<String, Object>> problems = new ArrayList<>();
    Map<Integer, List<String>> byLine = new HashMap<>();
    List<ServiceError.FieldProblem> all =
        error.problems().isEmpty()
            ? List.of(new ServiceError.FieldProblem("source", error.getMessage()))
            : error.problems();
    for (ServiceError.FieldProblem p : all) {
      int line = lines.lineOf(p.field());
      String path = p.field().startsWith("source:") ? p.field().substring(7) : p.field();
      problems.add(Map.of("line", line, "path", path, "description", p.description()));
      byLine.computeIfAbsent(line, k -> new ArrayList<>()).add(path + ": " + p.description());
    }
    List<Map<String, Object>> annotated = new ArrayList<>();
    String[] text = source.split("\n", -1);
    for (int i = 0; i < text.length; i++) {
      annotated.add(
          Map.of("n", i + 1, "text", text[i], "errors", byLine.getOrDefault(i + 1, List.of())));
    }
    return Map.of("problems", problems, "lines", annotated, "message", error.getMessage());
  }

  private void diff(RoutingContext ctx) {
    String draft = source(ctx);
    active(Operator.of(ctx).apiKey())
        .onSuccess(
            v -> {
              List<Map<String, String>> lines = new ArrayList<>();
              for (String line : TextDiff.unified(v.getSource(), draft)) {
                String kind =
                    line.startsWith("+++") || line.startsWith("---")
                        ? "head"
                        : line.startsWith("+")
                            ? "add"
                            : line.startsWith("-") ? "del" : line.startsWith("@") ? "hunk" : "same";
                lines.add(Map.of("kind", kind, "text", line));
              }
              views.fragment(ctx, "matrix-diff", Map.of("lines", lines, "version", v.getVersion()));
            })
        .onFailure(e -> views.error(ctx, e));
  }

  private void rollback(RoutingContext ctx) {
    Operator op = Operator.of(ctx);
    long version;
    try {
      version = Long.parseLong(String.valueOf(ctx.request().getFormAttribute("version")));
    } catch (NumberFormatException e) {
      ctx.response().setStatusCode(400).end("version must be a number");
      return;
    }
    services
        .routing(
            op.apiKey(),
            RoutingServiceGrpcClient.RollbackMatrix,
            RollbackMatrixRequest.newBuilder()
                .setToVersion(version)
                .setRequestedBy(op.name())
                .build())
        .onSuccess(v -> ctx.response().putHeader("HX-Refresh", "true").end())
        .onFailure(e -> views.error(ctx, e));
  }

  /**
   * "Try a lead": the published matrix's decision with its full trace (Simulate), and where the
   * draft in the editor would send the same lead (a one-lead backtest); nothing is stored.
   */
  private void simulate(RoutingContext ctx) {
    Operator op = Operator.of(ctx);
    Lead lead = lead(ctx);
    String draft = source(ctx);
    Future<Map<String, Object>> published =
        services
            .routing(
                op.apiKey(),
                RoutingServiceGrpcClient.Simulate,
                RouteRequest.newBuilder().setLead(lead).build())
            .map(r -> ProtoMaps.of(r.getAssignment()));
    Future<Map<String, Object>> drafted =
        draft.isBlank()
            ? Future.succeededFuture(Map.of())
            : services
                .routing(
                    op.apiKey(),
                    RoutingServiceGrpcClient.Backtest,
                    BacktestRequest.newBuilder()
                        .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
                        .setSource(draft)
                        .addLeads(lead)
                        .build())
                .map(r -> ProtoMaps.of(r.getOutcomes(0).getDraft()))
                .recover(
                    e ->
                        Future.succeededFuture(
                            Map.of(
                                "problem",
                                e instanceof ServiceError se ? se.explanation() : e.getMessage())));
    Future.all(published, drafted)
        .onSuccess(
            all ->
                views.fragment(
                    ctx,
                    "matrix-simulate",
                    Map.of("a", published.result(), "draft", drafted.result())))
        .onFailure(e -> views.error(ctx, e));
  }

  /** A hypothetical lead from the form's few fields: no personal data needed to try routing. */
  private static Lead lead(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    Lead.Builder lead =
        Lead.newBuilder()
            .setLocation(
                Location.newBuilder()
                    .setCountryCode(
                        form.get("country") == null ? "" : form.get("country").trim().toUpperCase())
                    .setRegionCode(
                        form.get("region") == null ? "" : form.get("region").trim().toUpperCase()))
            .setContact(
                Contact.newBuilder()
                    .setLanguage(
                        String.valueOf(
                            form.get("language") == null ? "" : form.get("language").trim())))
            .setSource(LeadSource.newBuilder().setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM));
    Company.Builder company = Company.newBuilder().setName("Example Co");
    try {
      company.setEmployeeCount(Integer.parseInt(form.get("employees").trim()));
    } catch (RuntimeException e) {
      // Left unset: the rules see an unknown company size.
    }
    lead.setCompany(company);
    String products = form.get("products");
    if (products != null && !products.isBlank()) {
      Arrays.stream(products.split(","))
          .map(String::trim)
          .filter(p -> !p.isEmpty())
          .forEach(lead::addProductInterests);
    }
    return lead.build();
  }
}
