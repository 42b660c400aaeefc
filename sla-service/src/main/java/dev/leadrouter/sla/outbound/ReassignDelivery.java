package dev.leadrouter.sla.outbound;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxMessage;
import dev.leadrouter.runtime.outbox.PermanentFailure;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SlaReassignment;
import io.vertx.core.Future;

/**
 * Delivers {@link Handoffs#REASSIGN_TOPIC}. Reassign has no idempotency key (each call moves the
 * lead once more), so the handler first asks routing for the lead's current assignment and only
 * reassigns while it is still the one whose clock fired: a repeat after a crash between the call
 * and the outbox delete, or a lead someone already moved by hand, is left alone.
 */
public final class ReassignDelivery implements OutboxHandler {
  private final PeerCalls routing;
  private final dev.leadrouter.sla.crm.ReassignmentHolds holds;

  /**
   * @param holds leads a person took over in the CRM: never reassigned automatically
   */
  public ReassignDelivery(PeerCalls routing, dev.leadrouter.sla.crm.ReassignmentHolds holds) {
    this.routing = routing;
    this.holds = holds;
  }

  @Override
  public Future<Void> deliver(OutboxMessage message) {
    SlaReassignment reassignment;
    try {
      reassignment = SlaReassignment.parseFrom(message.payload());
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture(new PermanentFailure("unreadable outbox payload", e));
    }
    GetAssignmentRequest current =
        GetAssignmentRequest.newBuilder().setLeadId(reassignment.getRequest().getLeadId()).build();
    return holds
        .isHeld(reassignment.getRequest().getLeadId())
        .compose(
            held ->
                held
                    ? Future.<Void>succeededFuture()
                    : reassignUnlessMovedOn(reassignment, current));
  }

  private Future<Void> reassignUnlessMovedOn(
      SlaReassignment reassignment, GetAssignmentRequest current) {
    return routing
        .call(RoutingServiceGrpcClient.GetAssignment, current)
        .compose(
            assignment ->
                assignment.getAssignmentId().equals(reassignment.getAssignmentId())
                    ? routing
                        .call(RoutingServiceGrpcClient.Reassign, reassignment.getRequest())
                        .mapEmpty()
                    : Future.<Void>succeededFuture());
  }
}
