package dev.leadrouter.runtime.errors;

/** The named thing does not exist (or was erased). Maps to HTTP 404 and gRPC NOT_FOUND. */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message, null, false, false);
  }
}
