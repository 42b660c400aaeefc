package dev.leadrouter.runtime.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.PermissionDeniedException;
import dev.leadrouter.runtime.errors.StatusMessage;
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
  public static final String MESSAGE_TRAILER = "grpc-message";
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
      fail(response, GrpcStatus.INVALID_ARGUMENT, invalid.getMessage());
    } else if (failure instanceof NotFoundException) {
      fail(response, GrpcStatus.NOT_FOUND, failure.getMessage());
    } else if (failure instanceof UnauthenticatedException) {
      fail(response, GrpcStatus.UNAUTHENTICATED, failure.getMessage());
    } else if (failure instanceof PermissionDeniedException) {
      fail(response, GrpcStatus.PERMISSION_DENIED, failure.getMessage());
    } else if (failure instanceof StatusException se) {
      fail(response, se.status(), se.message());
    } else {
      log.error("unexpected failure in gRPC call", failure);
      fail(response, GrpcStatus.INTERNAL, "internal error");
    }
  }

  /**
   * Fails the call with the message in {@code grpc-message} encoded as the gRPC spec says (see
   * {@link StatusMessage}); Vert.x keeps a value set here instead of writing its own encoding.
   */
  private static void fail(GrpcServerResponse<?, ?> response, GrpcStatus status, String message) {
    if (message != null) {
      String encoded = StatusMessage.encode(message);
      try {
        // Nothing sent yet: the answer is trailers-only, and Vert.x writes the status into the
        // headers before it copies our trailers, so the message must be among the headers.
        response.headers().set(MESSAGE_TRAILER, encoded);
      } catch (IllegalStateException headersAlreadySent) {
        response.trailers().set(MESSAGE_TRAILER, encoded);
      }
    }
    response.fail(new StatusException(status, message));
  }

  /**
   * The failure as the {@code google.rpc.Status} a unary call would have ended with, for one item
   * of a batch answer: the same code and message, and for invalid input the same BadRequest.
   */
  public static com.google.rpc.Status toStatus(Throwable failure) {
    if (failure instanceof InvalidInputException invalid) {
      return details(invalid);
    }
    GrpcStatus status = statusOf(failure);
    String message;
    if (status == GrpcStatus.INTERNAL && !(failure instanceof StatusException)) {
      log.error("unexpected failure in a gRPC batch item", failure);
      message = "internal error";
    } else {
      message = failure instanceof StatusException se ? se.message() : failure.getMessage();
    }
    return com.google.rpc.Status.newBuilder()
        .setCode(status.code)
        .setMessage(message == null ? "" : message)
        .build();
  }

  static String encodedDetails(InvalidInputException invalid) {
    return Base64.getEncoder().withoutPadding().encodeToString(details(invalid).toByteArray());
  }

  private static com.google.rpc.Status details(InvalidInputException invalid) {
    BadRequest.Builder badRequest = BadRequest.newBuilder();
    for (Violation v : invalid.violations()) {
      badRequest.addFieldViolations(
          BadRequest.FieldViolation.newBuilder()
              .setField(v.field())
              .setDescription(v.description()));
    }
    return com.google.rpc.Status.newBuilder()
        .setCode(Code.INVALID_ARGUMENT_VALUE)
        .setMessage(invalid.getMessage())
        .addDetails(Any.pack(badRequest.build()))
        .build();
  }
}
