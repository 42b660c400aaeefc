package dev.leadrouter.notify;

import dev.leadrouter.notify.delivery.DeliveryPage;
import dev.leadrouter.notify.delivery.DeliveryRepository;
import dev.leadrouter.notify.delivery.DeliveryRow;
import dev.leadrouter.notify.delivery.PageSlice;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.outbox.LeasedWrites;
import dev.leadrouter.v1.ListDeadLettersRequest;
import dev.leadrouter.v1.ListDeliveriesRequest;
import dev.leadrouter.v1.ListDeliveriesResponse;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyResponse;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/** The NotifyService use cases, independent of the transport they are called over. */
public final class Notifications {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(Notifications.class);
  private final DeliveryRepository deliveries;
  private final DeliveryPlanner planner;
  private final Supplier<LeasedWrites> outbox;
  private final dev.leadrouter.notify.crm.OwnerWriteBackPlan crmWriteBacks;

  /**
   * @param outbox where a transaction's sends are queued, leased to this process's relay so they
   *     start as soon as it commits rather than at the relay's next claim
   * @param crmWriteBacks plans the CRM owner write-back of assignments of leads from a CRM
   */
  Notifications(
      DeliveryRepository deliveries,
      DeliveryPlanner planner,
      Supplier<LeasedWrites> outbox,
      dev.leadrouter.notify.crm.OwnerWriteBackPlan crmWriteBacks) {
    this.deliveries = deliveries;
    this.planner = planner;
    this.outbox = outbox;
    this.crmWriteBacks = crmWriteBacks;
  }

  /**
   * Stores one delivery per reachable (recipient, channel); a repeat returns the stored ones and
   * sends nothing.
   */
  public Future<NotifyResponse> notify(NotifyRequest request) {
    NotifyRequestValidator.validate(request);
    LeasedWrites writes = outbox.get();
    return deliveries
        .createAll(withCrmWriteBack(request), writes)
        .map(
            rows -> {
              writes.committed();
              return response(rows);
            });
  }

  /**
   * {@link #notify} for requests that passed {@link #validated} (BatchNotify): their deliveries are
   * stored in one transaction, one commit for all.
   */
  public Future<List<NotifyResponse>> notifyTogether(List<NotifyRequest> requests) {
    LeasedWrites writes = outbox.get();
    return deliveries
        .createEach(requests.stream().map(this::withCrmWriteBack).toList(), writes)
        .map(
            perRequest -> {
              writes.committed();
              return perRequest.stream().map(Notifications::response).toList();
            });
  }

  /** The request, if {@link #notify} would take it; else the same INVALID_ARGUMENT. */
  public static NotifyRequest validated(NotifyRequest request) {
    NotifyRequestValidator.validate(request);
    return request;
  }

  private static NotifyResponse response(List<DeliveryRow> rows) {
    NotifyResponse.Builder response = NotifyResponse.newBuilder();
    rows.forEach(d -> response.addDeliveries(d.toProto()));
    return response.build();
  }

  private List<dev.leadrouter.notify.delivery.NewDelivery> withCrmWriteBack(NotifyRequest request) {
    List<dev.leadrouter.notify.delivery.NewDelivery> planned =
        new java.util.ArrayList<>(planner.plan(request));
    planned.addAll(crmWriteBacks.plan(request));
    return planned;
  }

  public Future<ListDeliveriesResponse> listDeliveries(ListDeliveriesRequest request) {
    String leadId = emptyToNull(request.getLeadId());
    String assignmentId = emptyToNull(request.getAssignmentId());
    if (leadId == null && assignmentId == null) {
      throw new InvalidInputException("lead_id", "lead_id or assignment_id is required");
    }
    String fingerprint = "lead=" + request.getLeadId() + "|assignment=" + request.getAssignmentId();
    PageSlice page = PageSlice.of(request.getPage(), Integer.toHexString(fingerprint.hashCode()));
    return deliveries.list(leadId, assignmentId, page).map(Notifications::response);
  }

  /** GDPR: the lead's personal data leaves every stored notification; unsent ones are cancelled. */
  public Future<dev.leadrouter.v1.ForgetLeadResponse> forgetLead(
      dev.leadrouter.v1.ForgetLeadRequest request) {
    try {
      java.util.UUID.fromString(request.getLeadId());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("lead_id", "must be a lead id (UUID)");
    }
    return deliveries
        .forgetLead(request.getLeadId())
        .map(
            f ->
                dev.leadrouter.v1.ForgetLeadResponse.newBuilder()
                    .setScrubbed(f.scrubbed())
                    .setCancelled(f.cancelled())
                    .build());
  }

  public Future<ListDeliveriesResponse> listDeadLetters(ListDeadLettersRequest request) {
    return deliveries
        .listDeadLetters(PageSlice.of(request.getPage(), "dead-letters"))
        .map(Notifications::response);
  }

  /** An operator's retry of a delivery that will not be sent otherwise. */
  public Future<dev.leadrouter.v1.Delivery> retryDeadLetter(
      dev.leadrouter.v1.RetryDeadLetterRequest request) {
    java.util.UUID id;
    try {
      id = java.util.UUID.fromString(request.getDeliveryId());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("delivery_id", "must be a delivery id (UUID)");
    }
    if (request.getRequestedBy().length() > 256) {
      throw new InvalidInputException("requested_by", "at most 256 characters");
    }
    return deliveries
        .retry(id)
        .compose(
            outcome ->
                switch (outcome) {
                  case NOT_FOUND ->
                      Future.failedFuture(
                          new dev.leadrouter.runtime.errors.NotFoundException("no delivery " + id));
                  case NOT_DEAD ->
                      Future.failedFuture(
                          new io.vertx.grpc.server.StatusException(
                              io.vertx.grpc.common.GrpcStatus.FAILED_PRECONDITION,
                              "delivery " + id + " is not FAILED or DEAD_LETTER"));
                  case QUEUED -> {
                    log.info(
                        "delivery {} queued again by {}",
                        id,
                        request.getRequestedBy().isEmpty() ? "?" : request.getRequestedBy());
                    yield deliveries.find(id).map(DeliveryRow::toProto);
                  }
                });
  }

  private static ListDeliveriesResponse response(DeliveryPage page) {
    ListDeliveriesResponse.Builder b =
        ListDeliveriesResponse.newBuilder().setNextPageToken(page.nextPageToken());
    List<DeliveryRow> rows = page.deliveries();
    rows.forEach(d -> b.addDeliveries(d.toProto()));
    return b.build();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
