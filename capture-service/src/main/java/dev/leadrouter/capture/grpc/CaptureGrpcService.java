package dev.leadrouter.capture.grpc;

import com.google.protobuf.Timestamp;
import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.capture.store.CapturedLead;
import dev.leadrouter.capture.store.ErasureRepository;
import dev.leadrouter.capture.store.LeadRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.Role;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.v1.CaptureLeadRequest;
import dev.leadrouter.v1.CaptureLeadResponse;
import dev.leadrouter.v1.CaptureServiceGrpcService;
import dev.leadrouter.v1.EraseLeadRequest;
import dev.leadrouter.v1.EraseLeadResponse;
import dev.leadrouter.v1.GetLeadRequest;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.ListLeadsRequest;
import dev.leadrouter.v1.ListLeadsResponse;
import dev.leadrouter.v1.NormalizeLeadRequest;
import dev.leadrouter.v1.NormalizeLeadResponse;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** gRPC adapter for {@code leadrouter.v1.CaptureService}: translates messages, nothing more. */
public final class CaptureGrpcService {
  private static final int MAX_PAGE = 500;
  private final LeadIntake intake;
  private final LeadRepository repository;
  private final ErasureRepository erasures;

  public CaptureGrpcService(
      LeadIntake intake, LeadRepository repository, ErasureRepository erasures) {
    this.intake = intake;
    this.repository = repository;
    this.erasures = erasures;
  }

  public GrpcServiceBinding binding(ApiKeys apiKeys) {
    return new GrpcServiceBinding(
            CaptureServiceGrpcService.SERVICE_NAME,
            CaptureServiceGrpcService.SERVICE_DESCRIPTOR,
            apiKeys)
        .unary(CaptureServiceGrpcService.CaptureLead, Role.INGEST, this::captureLead)
        .unary(CaptureServiceGrpcService.NormalizeLead, Role.READ, this::normalizeLead)
        .unary(CaptureServiceGrpcService.GetLead, Role.READ, this::getLead)
        .unary(CaptureServiceGrpcService.EraseLead, Role.ADMIN, this::eraseLead)
        .unary(CaptureServiceGrpcService.ListLeads, Role.READ, this::listLeads)
        .streaming(
            CaptureServiceGrpcService.CaptureLeads,
            Role.INGEST,
            new CaptureLeadsStream(intake)::handle);
  }

  private Future<CaptureLeadResponse> captureLead(CaptureLeadRequest request) {
    if (!request.hasLead()) {
      return Future.failedFuture(new InvalidInputException("lead", "is required"));
    }
    String key = request.getIdempotencyKey().isEmpty() ? null : request.getIdempotencyKey();
    return intake.capture(request.getLead(), key).map(CaptureGrpcService::response);
  }

  private Future<NormalizeLeadResponse> normalizeLead(NormalizeLeadRequest request) {
    if (!request.hasLead()) {
      return Future.failedFuture(new InvalidInputException("lead", "is required"));
    }
    return intake
        .normalizeOnly(request.getLead())
        .map(lead -> NormalizeLeadResponse.newBuilder().setLead(lead).build());
  }

  static CaptureLeadResponse response(CapturedLead captured) {
    Instant now = Instant.now();
    return CaptureLeadResponse.newBuilder()
        .setLeadId(captured.lead().getLeadId())
        .setDedupeOutcome(captured.outcome())
        .setDuplicateOfLeadId(captured.duplicateOfLeadId())
        .setAcceptedAt(
            Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setLead(captured.lead())
        .build();
  }

  /** Oldest first; the page token is the last lead's (received at, id), so pages never overlap. */
  private Future<ListLeadsResponse> listLeads(ListLeadsRequest request) {
    int size = request.getPage().getPageSize();
    if (size < 0) {
      throw new InvalidInputException("page.page_size", "must not be negative");
    }
    int limit = size == 0 ? 50 : Math.min(size, MAX_PAGE);
    OffsetDateTime afterAt = null;
    UUID afterId = null;
    String token = request.getPage().getPageToken();
    if (!token.isEmpty()) {
      try {
        String[] p =
            new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
        afterAt = OffsetDateTime.parse(p[0]);
        afterId = UUID.fromString(p[1]);
      } catch (RuntimeException e) {
        throw new InvalidInputException("page.page_token", "not a token from a previous response");
      }
    }
    return repository
        .page(
            request.hasFrom() ? time(request.getFrom()) : null,
            request.hasTo() ? time(request.getTo()) : null,
            afterAt,
            afterId,
            limit)
        .map(
            stored -> {
              ListLeadsResponse.Builder out = ListLeadsResponse.newBuilder();
              stored.forEach(s -> out.addLeads(s.lead()));
              if (stored.size() == limit) {
                LeadRepository.StoredLead last = stored.get(stored.size() - 1);
                String next = last.receivedAt() + "|" + last.lead().getLeadId();
                out.setNextPageToken(
                    Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(next.getBytes(StandardCharsets.UTF_8)));
              }
              return out.build();
            });
  }

  private static OffsetDateTime time(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).atOffset(ZoneOffset.UTC);
  }

  @SuppressWarnings("JavaInstantGetSecondsGetNano") // seconds and nanos are both copied
  private Future<EraseLeadResponse> eraseLead(EraseLeadRequest request) {
    List<Violation> v = new ArrayList<>();
    if (request.getRequestedBy().isBlank() || request.getRequestedBy().length() > 256) {
      v.add(new Violation("requested_by", "required, at most 256 characters"));
    }
    if (request.getReason().length() > 1024) {
      v.add(new Violation("reason", "at most 1024 characters"));
    }
    UUID leadId = null;
    switch (request.getTargetCase()) {
      case LEAD_ID -> {
        try {
          leadId = UUID.fromString(request.getLeadId());
        } catch (IllegalArgumentException e) {
          v.add(new Violation("lead_id", "must be a lead id (UUID)"));
        }
      }
      case EMAIL -> {
        if (request.getEmail().isBlank() || request.getEmail().length() > 254) {
          v.add(new Violation("email", "must be an email address of at most 254 characters"));
        }
      }
      default -> v.add(new Violation("target", "set lead_id or email"));
    }
    if (!v.isEmpty()) {
      return Future.failedFuture(new InvalidInputException(v));
    }
    var erased =
        leadId != null
            ? erasures.eraseLead(leadId, request.getRequestedBy(), request.getReason())
            : erasures.eraseEmail(
                request.getEmail(), request.getRequestedBy(), request.getReason());
    return erased.map(
        e ->
            EraseLeadResponse.newBuilder()
                .addAllErasedLeadIds(e.erasedLeadIds())
                .setErasedAt(
                    Timestamp.newBuilder()
                        .setSeconds(e.erasedAt().getEpochSecond())
                        .setNanos(e.erasedAt().getNano()))
                .build());
  }

  private Future<Lead> getLead(GetLeadRequest request) {
    UUID id;
    try {
      id = UUID.fromString(request.getLeadId());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new InvalidInputException("lead_id", "must be a lead id (UUID)"));
    }
    return repository
        .find(id)
        .compose(
            lead ->
                lead == null
                    ? Future.failedFuture(new NotFoundException("no lead " + id))
                    : Future.succeededFuture(lead));
  }
}
