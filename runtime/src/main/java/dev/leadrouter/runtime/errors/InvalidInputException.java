package dev.leadrouter.runtime.errors;

import java.util.List;

/**
 * The caller sent something we will not store. Carries every problem found, not just the first, so
 * the caller can fix them in one go. Maps to HTTP 400 problem+json and gRPC INVALID_ARGUMENT with
 * google.rpc.BadRequest.
 */
public final class InvalidInputException extends RuntimeException {
  private final List<Violation> violations;

  public InvalidInputException(List<Violation> violations) {
    super(summary(violations), null, false, false);
    this.violations = List.copyOf(violations);
  }

  public InvalidInputException(String field, String description) {
    this(List.of(new Violation(field, description)));
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String summary(List<Violation> violations) {
    if (violations.isEmpty()) {
      return "invalid input";
    }
    Violation first = violations.get(0);
    String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
    return first.field() + ": " + first.description() + more;
  }
}
