package dev.leadrouter.runtime.errors;

/**
 * A valid key that may not do this: its role does not grant the operation, or an ingest key asked
 * for a source that is not its own. Maps to HTTP 403 and gRPC PERMISSION_DENIED.
 */
public final class PermissionDeniedException extends RuntimeException {
  public PermissionDeniedException(String message) {
    super(message, null, false, false);
  }
}
