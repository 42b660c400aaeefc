package dev.leadrouter.capture.grpc;

import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.grpc.GrpcFailures;
import dev.leadrouter.runtime.grpc.GrpcServiceBinding;
import dev.leadrouter.runtime.input.InputRule;
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
    boolean[] broken = {false};
    // The write of the last lead's result; a stream that breaks waits for it, so a lead committed
    // just before a bad frame still gets its result.
    @SuppressWarnings("unchecked")
    Future<Void>[] lastWrite = new Future[] {Future.succeededFuture()};
    call.handler(
        request -> {
          if (broken[0]) {
            return;
          }
          if (request == null) {
            // A frame that does not decode (see GrpcServiceBinding): the leads before it keep
            // their results, then the stream ends with INVALID_ARGUMENT.
            broken[0] = true;
            lastWrite[0].onComplete(
                ar -> GrpcFailures.fail(call.response(), GrpcServiceBinding.undecodable()));
            return;
          }
          call.pause();
          long i = index[0]++;
          lastWrite[0] =
              capture(request)
                  .map(
                      response ->
                          CaptureLeadResult.newBuilder().setIndex(i).setAccepted(response).build())
                  .recover(
                      e ->
                          Future.succeededFuture(
                              CaptureLeadResult.newBuilder()
                                  .setIndex(i)
                                  .setError(error(e))
                                  .build()))
                  .compose(result -> call.response().write(result))
                  .onComplete(ar -> call.resume());
        });
    call.invalidMessageHandler(
        e -> {
          broken[0] = true;
          lastWrite[0].onComplete(
              ar -> GrpcFailures.fail(call.response(), GrpcServiceBinding.undecodable()));
        });
    // Results are written in order because only one lead is in flight; ending after the last write
    // is safe.
    call.endHandler(
        v -> {
          if (!broken[0]) {
            lastWrite[0].onComplete(ar -> call.response().end());
          }
        });
  }

  private Future<dev.leadrouter.v1.CaptureLeadResponse> capture(CaptureLeadRequest request) {
    try {
      InputRule.check(request, "");
    } catch (InvalidInputException e) {
      return Future.failedFuture(e);
    }
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
