package dev.leadrouter.capture.grpc;

import com.google.protobuf.Timestamp;
import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.capture.store.CapturedLead;
import dev.leadrouter.capture.store.LeadRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.v1.CaptureLeadRequest;
import dev.leadrouter.v1.CaptureLeadResponse;
import dev.leadrouter.v1.CaptureServiceGrpcService;
import dev.leadrouter.v1.GetLeadRequest;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.time.Instant;
import java.util.UUID;

/** gRPC adapter for {@code leadrouter.v1.CaptureService}: translates messages, nothing more. */
public final class CaptureGrpcService {
  private final LeadIntake intake;
  private final LeadRepository repository;

  public CaptureGrpcService(LeadIntake intake, LeadRepository repository) {
    this.intake = intake;
    this.repository = repository;
  }

  public GrpcServiceBinding binding(ApiKeys apiKeys) {
    return new GrpcServiceBinding(CaptureServiceGrpcService.SERVICE_NAME, CaptureServiceGrpcService.SERVICE_DESCRIPTOR, apiKeys)
        .unary(CaptureServiceGrpcService.CaptureLead, this::captureLead)
        .unary(CaptureServiceGrpcService.GetLead, this::getLead)
        .unary(CaptureServiceGrpcService.EraseLead, request -> Future.failedFuture(
            new StatusException(GrpcStatus.UNIMPLEMENTED, "EraseLead is not available yet")))
        .streaming(CaptureServiceGrpcService.CaptureLeads, new CaptureLeadsStream(intake)::handle);
  }

  private Future<CaptureLeadResponse> captureLead(CaptureLeadRequest request) {
    if (!request.hasLead()) {
      return Future.failedFuture(new InvalidInputException("lead", "is required"));
    }
    String key = request.getIdempotencyKey().isEmpty() ? null : request.getIdempotencyKey();
    return intake.capture(request.getLead(), key).map(CaptureGrpcService::response);
  }

  static CaptureLeadResponse response(CapturedLead captured) {
    Instant now = Instant.now();
    return CaptureLeadResponse.newBuilder()
        .setLeadId(captured.lead().getLeadId())
        .setDedupeOutcome(captured.outcome())
        .setAcceptedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setLead(captured.lead())
        .build();
  }

  private Future<Lead> getLead(GetLeadRequest request) {
    UUID id;
    try {
      id = UUID.fromString(request.getLeadId());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new InvalidInputException("lead_id", "must be a lead id (UUID)"));
    }
    return repository.find(id).compose(lead -> lead == null
        ? Future.failedFuture(new NotFoundException("no lead " + id))
        : Future.succeededFuture(lead));
  }
}
