package dev.leadrouter.capture.grpc;

import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.v1.CaptureError;
import dev.leadrouter.v1.CaptureLeadRequest;
import dev.leadrouter.v1.CaptureLeadResult;
import dev.leadrouter.v1.FieldViolation;
import io.vertx.core.Future;
import io.vertx.grpc.server.GrpcServerRequest;

/**
 * {@code CaptureLeads}: a bidirectional stream, one result per lead in order. One lead is in flight
 * at a time and the request stream is paused meanwhile, so a 100,000-lead import holds one lead in
 * memory and flows at the database's pace (back-pressure, not buffering).
 */
final class CaptureLeadsStream {
  private final LeadIntake intake;

  CaptureLeadsStream(LeadIntake intake) {
    this.intake = intake;
  }

  void handle(GrpcServerRequest<CaptureLeadRequest, CaptureLeadResult> call) {
    long[] index = {0};
    call.handler(
        request -> {
          call.pause();
          long i = index[0]++;
          capture(request)
              .map(
                  response ->
                      CaptureLeadResult.newBuilder().setIndex(i).setAccepted(response).build())
              .recover(
                  e ->
                      Future.succeededFuture(
                          CaptureLeadResult.newBuilder().setIndex(i).setError(error(e)).build()))
              .compose(result -> call.response().write(result))
              .onComplete(ar -> call.resume());
        });
    // Results are written in order because only one lead is in flight; ending after the last write
    // is safe.
    call.endHandler(v -> call.response().end());
  }

  private Future<dev.leadrouter.v1.CaptureLeadResponse> capture(CaptureLeadRequest request) {
    if (!request.hasLead()) {
      return Future.failedFuture(new InvalidInputException("lead", "is required"));
    }
    String key = request.getIdempotencyKey().isEmpty() ? null : request.getIdempotencyKey();
    return intake.capture(request.getLead(), key).map(CaptureGrpcService::response);
  }

  private static CaptureError error(Throwable e) {
    if (e instanceof InvalidInputException invalid) {
      CaptureError.Builder b =
          CaptureError.newBuilder().setCode("INVALID_ARGUMENT").setMessage(invalid.getMessage());
      invalid
          .violations()
          .forEach(
              v ->
                  b.addViolations(
                      FieldViolation.newBuilder()
                          .setField(v.field())
                          .setDescription(v.description())));
      return b.build();
    }
    return CaptureError.newBuilder()
        .setCode("UNAVAILABLE")
        .setMessage("not stored; send this lead again")
        .build();
  }
}
