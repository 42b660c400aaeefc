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
  private final PeerCalls notify;
  private final dev.leadrouter.sla.crm.ReassignmentHolds holds;

  /**
   * @param notify asked whether a person changed the lead's owner in the CRM (CheckCrmOwner)
   * @param holds leads a person took over in the CRM: never reassigned automatically
   */
  public ReassignDelivery(
      PeerCalls routing, PeerCalls notify, dev.leadrouter.sla.crm.ReassignmentHolds holds) {
    this.routing = routing;
    this.notify = notify;
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
                    : takenOverInCrm(reassignment.getRequest().getLeadId())
                        .compose(
                            takenOver ->
                                takenOver
                                    ? Future.<Void>succeededFuture()
                                    : reassignUnlessMovedOn(reassignment, current)));
  }

  /**
   * Whether a person changed the lead's owner in the CRM since leadrouter wrote it; if so the lead
   * is held from now on. A notify-service without the check (older version) counts as "no".
   */
  private Future<Boolean> takenOverInCrm(String leadId) {
    return notify
        .call(
            dev.leadrouter.v1.NotifyServiceGrpcClient.CheckCrmOwner,
            dev.leadrouter.v1.CheckCrmOwnerRequest.newBuilder().setLeadId(leadId).build())
        .compose(
            answer ->
                !answer.getOverridden()
                    ? Future.succeededFuture(false)
                    : holds
                        .hold(
                            dev.leadrouter.v1.HoldReassignmentRequest.newBuilder()
                                .setLeadId(leadId)
                                .setSystem(answer.getSystem())
                                .setCrmOwnerId(answer.getCrmOwnerId())
                                .setReason(
                                    "owner changed in the CRM by a person before reassignment")
                                .build())
                        .map(true))
        .recover(
            e ->
                e.getCause() != null
                        && dev.leadrouter.runtime.grpc.GrpcCalls.statusOf(e.getCause())
                            == io.vertx.grpc.common.GrpcStatus.UNIMPLEMENTED
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(e));
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
