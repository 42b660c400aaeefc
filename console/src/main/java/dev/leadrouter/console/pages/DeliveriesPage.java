package dev.leadrouter.console.pages;

import dev.leadrouter.console.Operator;
import dev.leadrouter.console.ProtoMaps;
import dev.leadrouter.console.Services;
import dev.leadrouter.console.Views;
import dev.leadrouter.v1.ListDeadLettersRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.RetryDeadLetterRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Deliveries: failed and dead-lettered notifications with their error, and a retry button. */
public final class DeliveriesPage {
  private final Services services;
  private final Views views;

  public DeliveriesPage(Services services, Views views) {
    this.services = services;
    this.views = views;
  }

  public void mount(Router router) {
    router.get("/deliveries").handler(this::page);
    router.post("/deliveries/retry").handler(this::retry);
  }

  private void page(RoutingContext ctx) {
    services
        .notifications(
            Operator.of(ctx).apiKey(),
            NotifyServiceGrpcClient.ListDeadLetters,
            ListDeadLettersRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(200))
                .build())
        .compose(
            r -> views.renderEach(ctx, "delivery-row", "d", ProtoMaps.of(r.getDeliveriesList())))
        .onSuccess(
            html ->
                views.page(ctx, "deliveries", "Deliveries", "deliveries", Map.of("rowsHtml", html)))
        .onFailure(
            e -> views.page(ctx, "deliveries", "Deliveries", "feed-error", Map.of("error", e)));
  }

  private void retry(RoutingContext ctx) {
    Operator op = Operator.of(ctx);
    String id = ctx.request().getFormAttribute("delivery_id");
    services
        .notifications(
            op.apiKey(),
            NotifyServiceGrpcClient.RetryDeadLetter,
            RetryDeadLetterRequest.newBuilder()
                .setDeliveryId(id == null ? "" : id)
                .setRequestedBy(op.name())
                .build())
        .onSuccess(d -> views.fragment(ctx, "delivery-row", Map.of("d", ProtoMaps.of(d))))
        .onFailure(e -> views.error(ctx, e));
  }
}
