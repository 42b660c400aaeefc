package dev.leadrouter.routing.grpc;

import com.google.protobuf.Timestamp;
import dev.leadrouter.routing.LeadRouting;
import dev.leadrouter.routing.Reassignment;
import dev.leadrouter.routing.RoutingAdmin;
import dev.leadrouter.routing.backtest.MatrixBacktest;
import dev.leadrouter.routing.intake.CaptureNormalization;
import dev.leadrouter.routing.store.AssignmentRepository;
import dev.leadrouter.routing.store.MatrixRepository;
import dev.leadrouter.routing.store.RepRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.grpc.BatchCalls;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.BatchRouteRequest;
import dev.leadrouter.v1.BatchRouteResponse;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.ListAssignmentsRequest;
import dev.leadrouter.v1.ListAssignmentsResponse;
import dev.leadrouter.v1.ListMatrixVersionsRequest;
import dev.leadrouter.v1.ListMatrixVersionsResponse;
import dev.leadrouter.v1.ListRepsResponse;
import dev.leadrouter.v1.PageRequest;
import dev.leadrouter.v1.RecordFirstTouchRequest;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RouteResult;
import dev.leadrouter.v1.RoutingServiceGrpcService;
import dev.leadrouter.v1.SimulateResponse;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/** gRPC adapter for {@code leadrouter.v1.RoutingService}. */
public final class RoutingGrpcService {
  private static final int MAX_PAGE = 500;
  private final LeadRouting routing;
  private final CaptureNormalization normalization;
  private final Reassignment reassignment;
  private final RoutingAdmin admin;
  private final AssignmentRepository assignments;
  private final MatrixRepository matrices;
  private final RepRepository reps;
  private final MatrixBacktest backtest;

  public RoutingGrpcService(
      LeadRouting routing,
      CaptureNormalization normalization,
      Reassignment reassignment,
      RoutingAdmin admin,
      AssignmentRepository assignments,
      MatrixRepository matrices,
      RepRepository reps,
      MatrixBacktest backtest) {
    this.routing = routing;
    this.normalization = normalization;
    this.backtest = backtest;
    this.reassignment = reassignment;
    this.admin = admin;
    this.assignments = assignments;
    this.matrices = matrices;
    this.reps = reps;
  }

  public GrpcServiceBinding binding(ApiKeys apiKeys) {
    return new GrpcServiceBinding(
            RoutingServiceGrpcService.SERVICE_NAME,
            RoutingServiceGrpcService.SERVICE_DESCRIPTOR,
            apiKeys)
        .unary(RoutingServiceGrpcService.Route, Role.INTERNAL, this::route)
        .unary(RoutingServiceGrpcService.BatchRoute, Role.INTERNAL, this::batchRoute)
        .unary(RoutingServiceGrpcService.Simulate, Role.READ, this::simulate)
        .unary(RoutingServiceGrpcService.Reassign, Role.ADMIN, reassignment::reassign)
        .unary(RoutingServiceGrpcService.RecordFirstTouch, Role.INTERNAL, this::recordFirstTouch)
        .unary(RoutingServiceGrpcService.GetAssignment, Role.READ, this::getAssignment)
        .unary(RoutingServiceGrpcService.ListAssignments, Role.READ, this::listAssignments)
        .unary(RoutingServiceGrpcService.PublishMatrix, Role.ADMIN, admin::publish)
        .unary(RoutingServiceGrpcService.GetMatrix, Role.READ, r -> admin.matrix(r.getVersion()))
        .unary(RoutingServiceGrpcService.ListMatrixVersions, Role.READ, this::listMatrixVersions)
        .unary(
            RoutingServiceGrpcService.ValidateMatrix,
            Role.ADMIN,
            r -> admin.publish(r.toBuilder().setValidateOnly(true).build()))
        .unary(RoutingServiceGrpcService.RollbackMatrix, Role.ADMIN, admin::rollback)
        .unary(RoutingServiceGrpcService.Backtest, Role.READ, backtest::run)
        .unary(
            RoutingServiceGrpcService.UpdateRep,
            Role.ADMIN,
            r -> admin.updateRep(r.getRep(), r.getUpdateMask()))
        .unary(RoutingServiceGrpcService.UpsertRep, Role.ADMIN, r -> admin.upsertRep(r.getRep()))
        .unary(RoutingServiceGrpcService.GetRep, Role.READ, r -> admin.rep(r.getRepId()))
        .unary(RoutingServiceGrpcService.ListReps, Role.READ, this::listReps)
        .unary(
            RoutingServiceGrpcService.SetRepStatus,
            Role.ADMIN,
            r -> admin.setStatus(r.getRepId(), r.getStatus()))
        .unary(
            RoutingServiceGrpcService.ForgetLead,
            Role.INTERNAL,
            r ->
                dev.leadrouter.runtime.privacy.LeadSnapshots.forget(
                    assignments.pool(),
                    "assignments",
                    "assignment_id",
                    uuid("lead_id", r.getLeadId()).toString()));
  }

  private Future<Assignment> route(RouteRequest r) {
    if (r.getNormalize()) {
      throw new InvalidInputException(
          "normalize", "Route takes leads capture already normalized; use it with Simulate");
    }
    return routing.route(requireLead(r));
  }

  private Future<BatchRouteResponse> batchRoute(BatchRouteRequest batch) {
    return BatchCalls.each(batch.getRequestsList(), this::route)
        .map(
            outcomes -> {
              BatchRouteResponse.Builder response = BatchRouteResponse.newBuilder();
              for (BatchCalls.Outcome<Assignment> o : outcomes) {
                response.addResults(
                    o.succeeded()
                        ? RouteResult.newBuilder().setAssignment(o.response())
                        : RouteResult.newBuilder().setError(o.error()));
              }
              return response.build();
            });
  }

  /** A raw lead (normalize set) is first normalized by capture, exactly as CaptureLead would. */
  private Future<SimulateResponse> simulate(RouteRequest r) {
    Lead given = requireLead(r);
    Future<Lead> lead =
        r.getNormalize() ? normalization.normalize(given) : Future.succeededFuture(given);
    return lead.compose(
        l ->
            routing
                .simulate(l)
                .map(a -> SimulateResponse.newBuilder().setAssignment(a).setLead(l).build()));
  }

  private static dev.leadrouter.v1.Lead requireLead(RouteRequest r) {
    if (!r.hasLead()) {
      throw new InvalidInputException("lead", "is required");
    }
    return r.getLead();
  }

  private Future<Assignment> recordFirstTouch(RecordFirstTouchRequest r) {
    UUID id = uuid("assignment_id", r.getAssignmentId());
    if (!r.hasTouchedAt()) {
      throw new InvalidInputException("touched_at", "is required");
    }
    OffsetDateTime at =
        Instant.ofEpochSecond(r.getTouchedAt().getSeconds(), r.getTouchedAt().getNanos())
            .atOffset(ZoneOffset.UTC);
    return assignments
        .recordFirstTouch(id, at)
        .compose(
            a ->
                a != null
                    ? Future.succeededFuture(a)
                    : Future.failedFuture(new NotFoundException("no assignment " + id)));
  }

  private Future<Assignment> getAssignment(GetAssignmentRequest r) {
    Future<Assignment> found =
        switch (r.getKeyCase()) {
          case ASSIGNMENT_ID -> assignments.find(uuid("assignment_id", r.getAssignmentId()));
          case LEAD_ID -> assignments.currentForLead(uuid("lead_id", r.getLeadId()));
          default ->
              Future.failedFuture(
                  new InvalidInputException("key", "give assignment_id or lead_id"));
        };
    return found.compose(
        a ->
            a != null
                ? Future.succeededFuture(a)
                : Future.failedFuture(new NotFoundException("no such assignment")));
  }

  private Future<ListAssignmentsResponse> listAssignments(ListAssignmentsRequest r) {
    int size = pageSize(r.getPage());
    var filter =
        new AssignmentRepository.Filter(
            r.getCatchAllOnly(),
            r.hasFrom() ? time(r.getFrom()) : null,
            r.hasTo() ? time(r.getTo()) : null,
            r.getRepId().isEmpty() ? null : r.getRepId(),
            r.getQueueId().isEmpty() ? null : r.getQueueId(),
            r.getLeadId().isEmpty() ? null : uuid("lead_id", r.getLeadId()));
    OffsetDateTime afterAt = null;
    UUID afterId = null;
    if (!r.getPage().getPageToken().isEmpty()) {
      try {
        String[] p =
            new String(
                    Base64.getUrlDecoder().decode(r.getPage().getPageToken()),
                    StandardCharsets.UTF_8)
                .split("\\|", -1);
        afterAt = OffsetDateTime.parse(p[0]);
        afterId = UUID.fromString(p[1]);
      } catch (RuntimeException e) {
        throw new InvalidInputException("page.page_token", "not a token from a previous response");
      }
    }
    return assignments
        .list(filter, afterAt, afterId, size)
        .map(
            list -> {
              var out = ListAssignmentsResponse.newBuilder().addAllAssignments(list);
              if (list.size() == size) {
                Assignment last = list.get(list.size() - 1);
                String token = time(last.getDecidedAt()) + "|" + last.getAssignmentId();
                out.setNextPageToken(
                    Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(token.getBytes(StandardCharsets.UTF_8)));
              }
              return out.build();
            });
  }

  /** Reps in id order, a page at a time; the token is the last rep id of the previous page. */
  private Future<ListRepsResponse> listReps(dev.leadrouter.v1.ListRepsRequest r) {
    int size = pageSize(r.getPage());
    String after;
    try {
      after =
          new String(
              Base64.getUrlDecoder().decode(r.getPage().getPageToken()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("page.page_token", "not a token from a previous response");
    }
    return reps.page(after, size, r.getIncludeInactive())
        .map(
            list -> {
              var out = ListRepsResponse.newBuilder().addAllReps(list);
              if (list.size() == size) {
                String last = list.get(list.size() - 1).getRepId();
                out.setNextPageToken(
                    Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(last.getBytes(StandardCharsets.UTF_8)));
              }
              return out.build();
            });
  }

  private Future<ListMatrixVersionsResponse> listMatrixVersions(ListMatrixVersionsRequest r) {
    int size = pageSize(r.getPage());
    long before;
    try {
      before =
          r.getPage().getPageToken().isEmpty() ? 0 : Long.parseLong(r.getPage().getPageToken());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("page.page_token", "not a token from a previous response");
    }
    return matrices
        .list(before, size)
        .map(
            list -> {
              var out = ListMatrixVersionsResponse.newBuilder().addAllVersions(list);
              if (list.size() == size) {
                out.setNextPageToken(Long.toString(list.get(list.size() - 1).getVersion()));
              }
              return out.build();
            });
  }

  private static OffsetDateTime time(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).atOffset(ZoneOffset.UTC);
  }

  private static UUID uuid(String field, String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, "must be a UUID");
    }
  }

  private static int pageSize(PageRequest page) {
    if (page.getPageSize() < 0) {
      throw new InvalidInputException("page.page_size", "must not be negative");
    }
    return page.getPageSize() == 0 ? 50 : Math.min(page.getPageSize(), MAX_PAGE);
  }
}
