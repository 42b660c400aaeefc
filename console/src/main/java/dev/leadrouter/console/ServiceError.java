package dev.leadrouter.console;

import com.google.rpc.BadRequest;
import com.google.rpc.Status;
import dev.leadrouter.runtime.errors.StatusMessage;
import io.vertx.core.MultiMap;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A service's refusal as the console shows it: the gRPC status, its message and, for
 * INVALID_ARGUMENT, every field violation (google.rpc.BadRequest in grpc-status-details-bin).
 */
public final class ServiceError extends RuntimeException {
  /** One field violation: the path in the request (for a matrix, a path into the document). */
  public record FieldProblem(String field, String description) {}

  private final GrpcStatus status;
  private final List<FieldProblem> problems;

  public ServiceError(GrpcStatus status, String message, List<FieldProblem> problems) {
    super(message, null, false, false);
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  static ServiceError unreachable(String service, Throwable cause) {
    return new ServiceError(
        GrpcStatus.UNAVAILABLE, service + " is not reachable: " + cause.getMessage(), List.of());
  }

  static ServiceError of(GrpcStatus status, String message, MultiMap trailers) {
    List<FieldProblem> problems = new ArrayList<>();
    String details = trailers == null ? null : trailers.get("grpc-status-details-bin");
    if (details != null) {
      try {
        Status decoded = Status.parseFrom(Base64.getDecoder().decode(details));
        for (var any : decoded.getDetailsList()) {
          if (any.is(BadRequest.class)) {
            for (var v : any.unpack(BadRequest.class).getFieldViolationsList()) {
              problems.add(new FieldProblem(v.getField(), v.getDescription()));
            }
          }
        }
      } catch (Exception e) {
        // Unreadable details: the status message still says what went wrong.
      }
    }
    // The raw trailer is percent-encoded as the gRPC spec says; decode it once, ourselves.
    String raw = trailers == null ? null : trailers.get("grpc-message");
    String text =
        raw != null ? StatusMessage.decode(raw) : message == null ? status.name() : message;
    return new ServiceError(status, text, problems);
  }

  public GrpcStatus status() {
    return status;
  }

  public List<FieldProblem> problems() {
    return problems;
  }

  /** The sentence shown to the operator. */
  public String explanation() {
    return switch (status) {
      case PERMISSION_DENIED -> "Your key may not do this: " + getMessage();
      case UNAUTHENTICATED -> "Your key was not accepted: " + getMessage();
      default -> getMessage();
    };
  }
}
