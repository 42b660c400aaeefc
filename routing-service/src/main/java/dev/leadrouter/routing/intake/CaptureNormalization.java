package dev.leadrouter.routing.intake;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.runtime.grpc.GrpcFailures;
import dev.leadrouter.v1.CaptureServiceGrpcClient;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.NormalizeLeadRequest;
import dev.leadrouter.v1.NormalizeLeadResponse;
import io.vertx.core.Future;
import io.vertx.core.net.Address;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Has capture-service normalize a raw lead (CaptureService.NormalizeLead, which stores nothing), so
 * Simulate decides on the lead Route will later receive. Capture owns normalization; routing never
 * carries a copy of it. Capture's refusal comes back as the same field violations; capture out of
 * reach is UNAVAILABLE.
 */
public final class CaptureNormalization {
  private final GrpcClient client;
  private final Address capture;
  private final String apiKey;
  private final Duration deadline;

  public CaptureNormalization(
      GrpcClient client, Address capture, String apiKey, Duration deadline) {
    this.client = client;
    this.capture = capture;
    this.apiKey = apiKey;
    this.deadline = deadline;
  }

  public Future<Lead> normalize(Lead raw) {
    NormalizeLeadRequest request = NormalizeLeadRequest.newBuilder().setLead(raw).build();
    return client
        .request(capture, CaptureServiceGrpcClient.NormalizeLead)
        .compose(
            call -> {
              call.timeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
              call.headers().set("authorization", "Bearer " + apiKey);
              return call.end(request)
                  .compose(v -> call.response())
                  .compose(response -> response.last().recover(e -> refused(response, e)));
            })
        .map(NormalizeLeadResponse::getLead)
        .recover(CaptureNormalization::unavailable);
  }

  private static Future<NormalizeLeadResponse> refused(
      GrpcClientResponse<NormalizeLeadRequest, NormalizeLeadResponse> response, Throwable e) {
    if (e instanceof InvalidStatusException ise
        && ise.actualStatus() == GrpcStatus.INVALID_ARGUMENT) {
      return Future.failedFuture(new InvalidInputException(violations(response)));
    }
    return Future.failedFuture(e);
  }

  /** The field violations capture sent in grpc-status-details-bin. */
  private static List<Violation> violations(GrpcClientResponse<?, ?> response) {
    List<Violation> out = new ArrayList<>();
    String details = response.trailers().get(GrpcFailures.STATUS_DETAILS_TRAILER);
    if (details != null) {
      try {
        var status = com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(details));
        for (var any : status.getDetailsList()) {
          if (any.is(BadRequest.class)) {
            any.unpack(BadRequest.class)
                .getFieldViolationsList()
                .forEach(v -> out.add(new Violation(v.getField(), v.getDescription())));
          }
        }
      } catch (InvalidProtocolBufferException | IllegalArgumentException ignored) {
        // no readable details: the generic violation below still says what happened
      }
    }
    if (out.isEmpty()) {
      out.add(new Violation("lead", "capture-service would refuse this lead"));
    }
    return out;
  }

  private static Future<Lead> unavailable(Throwable e) {
    if (e instanceof InvalidInputException) {
      return Future.failedFuture(e);
    }
    return Future.failedFuture(
        new StatusException(
            GrpcStatus.UNAVAILABLE,
            "capture-service could not normalize the lead ("
                + (e instanceof InvalidStatusException ise ? ise.actualStatus() : "unreachable")
                + "); retry later"));
  }
}
