package dev.leadrouter.runtime.http;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import dev.leadrouter.runtime.errors.StatusMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Base64;

/**
 * An RFC 9457 problem for a failed HTTP/JSON call: {@code status} from the gRPC code (the mapping
 * of google.api.http), {@code title} the code's name, {@code detail} the status message, {@code
 * errors} one {@code {field, message}} per {@code google.rpc.BadRequest} field violation, and
 * {@code grpcStatus} so a client can switch on the same code as over gRPC.
 */
public record HttpProblem(int status, GrpcStatus grpcStatus, String detail, JsonArray errors) {
  public static final String MEDIA_TYPE = "application/problem+json";

  /**
   * @param encodedMessage the {@code grpc-message} value (percent-encoded), or null
   * @param encodedDetails the {@code grpc-status-details-bin} value (base64), or null
   */
  public static HttpProblem of(GrpcStatus status, String encodedMessage, String encodedDetails) {
    String detail = encodedMessage == null ? title(status) : StatusMessage.decode(encodedMessage);
    return new HttpProblem(httpStatus(status), status, detail, violations(encodedDetails));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("type", "about:blank")
            .put("title", title(grpcStatus))
            .put("status", status)
            .put("detail", detail)
            .put("grpcStatus", grpcStatus.name());
    if (errors != null) {
      json.put("errors", errors);
    }
    return json;
  }

  /** The HTTP status google.api.http specifies for each gRPC code. */
  public static int httpStatus(GrpcStatus status) {
    return switch (status) {
      case OK -> 200;
      case CANCELLED -> 499;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> 401;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      default -> 500;
    };
  }

  private static String title(GrpcStatus status) {
    String words = status.name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static JsonArray violations(String encodedDetails) {
    if (encodedDetails == null || encodedDetails.isEmpty()) {
      return null;
    }
    try {
      com.google.rpc.Status details =
          com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(encodedDetails));
      JsonArray errors = new JsonArray();
      for (Any any : details.getDetailsList()) {
        if (any.is(BadRequest.class)) {
          for (BadRequest.FieldViolation v :
              any.unpack(BadRequest.class).getFieldViolationsList()) {
            errors.add(
                new JsonObject().put("field", v.getField()).put("message", v.getDescription()));
          }
        }
      }
      return errors.isEmpty() ? null : errors;
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return null;
    }
  }
}
