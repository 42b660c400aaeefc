package dev.leadrouter.routing.grpc;

import dev.leadrouter.routing.LeadRouting;
import dev.leadrouter.routing.RoutingAdmin;
import dev.leadrouter.routing.store.AssignmentRepository;
import dev.leadrouter.routing.store.MatrixRepository;
import dev.leadrouter.routing.store.RepRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.ListAssignmentsResponse;
import dev.leadrouter.v1.ListMatrixVersionsResponse;
import dev.leadrouter.v1.ListRepsResponse;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcService;
import dev.leadrouter.v1.SimulateResponse;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.util.UUID;

/** gRPC adapter for {@code leadrouter.v1.RoutingService}. */
public final class RoutingGrpcService {
  private static final int MAX_PAGE = 500;
  private final LeadRouting routing;
  private final RoutingAdmin admin;
  private final AssignmentRepository assignments;
  private final MatrixRepository matrices;
  private final RepRepository reps;

  public RoutingGrpcService(LeadRouting routing, RoutingAdmin admin, AssignmentRepository assignments,
      MatrixRepository matrices, RepRepository reps) {
    this.routing = routing;
    this.admin = admin;
    this.assignments = assignments;
    this.matrices = matrices;
    this.reps = reps;
  }

  public GrpcServiceBinding binding(ApiKeys apiKeys) {
    return new GrpcServiceBinding(RoutingServiceGrpcService.SERVICE_NAME, RoutingServiceGrpcService.SERVICE_DESCRIPTOR, apiKeys)
        .unary(RoutingServiceGrpcService.Route, (RouteRequest r) -> routing.route(requireLead(r)))
        .unary(RoutingServiceGrpcService.Simulate, (RouteRequest r) -> routing.simulate(requireLead(r))
            .map(a -> SimulateResponse.newBuilder().setAssignment(a).build()))
        .unary(RoutingServiceGrpcService.Reassign, r -> Future.failedFuture(
            new StatusException(GrpcStatus.UNIMPLEMENTED, "Reassign is not available yet")))
        .unary(RoutingServiceGrpcService.GetAssignment, this::getAssignment)
        .unary(RoutingServiceGrpcService.ListAssignments, r -> assignments.list(r.getCatchAllOnly(), pageSize(r.getPage().getPageSize()))
            .map(list -> ListAssignmentsResponse.newBuilder().addAllAssignments(list).build()))
        .unary(RoutingServiceGrpcService.PublishMatrix, admin::publish)
        .unary(RoutingServiceGrpcService.GetMatrix, r -> admin.matrix(r.getVersion()))
        .unary(RoutingServiceGrpcService.ListMatrixVersions, r -> matrices.list(0, pageSize(r.getPage().getPageSize()))
            .map(list -> ListMatrixVersionsResponse.newBuilder().addAllVersions(list).build()))
        .unary(RoutingServiceGrpcService.RollbackMatrix, r -> Future.failedFuture(
            new StatusException(GrpcStatus.UNIMPLEMENTED, "RollbackMatrix is not available yet")))
        .unary(RoutingServiceGrpcService.UpsertRep, r -> admin.upsertRep(r.getRep()))
        .unary(RoutingServiceGrpcService.GetRep, r -> admin.rep(r.getRepId()))
        .unary(RoutingServiceGrpcService.ListReps, r -> reps.all().map(all -> ListRepsResponse.newBuilder()
            .addAllReps(all.values().stream().filter(rep -> r.getIncludeInactive() || rep.getActive()).toList()).build()))
        .unary(RoutingServiceGrpcService.SetRepStatus, r -> admin.setStatus(r.getRepId(), r.getStatus()));
  }

  private static dev.leadrouter.v1.Lead requireLead(RouteRequest r) {
    if (!r.hasLead()) {
      throw new InvalidInputException("lead", "is required");
    }
    return r.getLead();
  }

  private Future<Assignment> getAssignment(GetAssignmentRequest r) {
    Future<Assignment> found = switch (r.getKeyCase()) {
      case ASSIGNMENT_ID -> assignments.find(uuid("assignment_id", r.getAssignmentId()));
      case LEAD_ID -> assignments.currentForLead(uuid("lead_id", r.getLeadId()));
      default -> Future.failedFuture(new InvalidInputException("key", "give assignment_id or lead_id"));
    };
    return found.compose(a -> a != null ? Future.succeededFuture(a) : Future.failedFuture(new NotFoundException("no such assignment")));
  }

  private static UUID uuid(String field, String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, "must be a UUID");
    }
  }

  private static int pageSize(int requested) {
    return requested <= 0 ? 100 : Math.min(requested, MAX_PAGE);
  }
}
