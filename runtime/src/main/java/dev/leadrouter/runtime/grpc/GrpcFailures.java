package dev.leadrouter.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.PermissionDeniedException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import dev.leadrouter.runtime.errors.Violation;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vertx.grpc.server.StatusException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed call into the gRPC status the caller should see.
 *
 * <p>Invalid input carries a {@code google.rpc.Status} with a {@code google.rpc.BadRequest} in the
 * {@code grpc-status-details-bin} trailer, the convention grpc-java's {@code StatusProto} and every
 * other gRPC stack read. Vert.x does not encode binary trailers itself, so we base64 them here.
 * Unexpected failures become INTERNAL with a generic message: details go to the log, not the wire.
 */
public final class GrpcFailures {
  public static final String STATUS_DETAILS_TRAILER = "grpc-status-details-bin";
  private static final Logger log = LoggerFactory.getLogger(GrpcFailures.class);

  private GrpcFailures() {}

  /** The status a failure is answered with. */
  public static GrpcStatus statusOf(Throwable failure) {
    if (failure instanceof InvalidInputException) {
      return GrpcStatus.INVALID_ARGUMENT;
    } else if (failure instanceof NotFoundException) {
      return GrpcStatus.NOT_FOUND;
    } else if (failure instanceof UnauthenticatedException) {
      return GrpcStatus.UNAUTHENTICATED;
    } else if (failure instanceof PermissionDeniedException) {
      return GrpcStatus.PERMISSION_DENIED;
    } else if (failure instanceof StatusException se) {
      return se.status();
    }
    return GrpcStatus.INTERNAL;
  }

  public static void fail(GrpcServerResponse<?, ?> response, Throwable failure) {
    if (failure instanceof InvalidInputException invalid) {
      response.trailers().set(STATUS_DETAILS_TRAILER, encodedDetails(invalid));
      response.fail(new StatusException(GrpcStatus.INVALID_ARGUMENT, invalid.getMessage()));
    } else if (failure instanceof NotFoundException) {
      response.fail(new StatusException(GrpcStatus.NOT_FOUND, failure.getMessage()));
    } else if (failure instanceof UnauthenticatedException) {
      response.fail(new StatusException(GrpcStatus.UNAUTHENTICATED, failure.getMessage()));
    } else if (failure instanceof PermissionDeniedException) {
      response.fail(new StatusException(GrpcStatus.PERMISSION_DENIED, failure.getMessage()));
    } else if (failure instanceof StatusException) {
      response.fail(failure);
    } else {
      log.error("unexpected failure in gRPC call", failure);
      response.fail(new StatusException(GrpcStatus.INTERNAL, "internal error"));
    }
  }

  static String encodedDetails(InvalidInputException invalid) {
    BadRequest.Builder badRequest = BadRequest.newBuilder();
    for (Violation v : invalid.violations()) {
      badRequest.addFieldViolations(
          BadRequest.FieldViolation.newBuilder()
              .setField(v.field())
              .setDescription(v.description()));
    }
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(Code.INVALID_ARGUMENT_VALUE)
            .setMessage(invalid.getMessage())
            .addDetails(Any.pack(badRequest.build()))
            .build();
    return Base64.getEncoder().withoutPadding().encodeToString(status.toByteArray());
  }
}
