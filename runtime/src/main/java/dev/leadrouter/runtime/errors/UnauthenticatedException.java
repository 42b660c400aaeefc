package dev.leadrouter.runtime.errors;

/**
 * Missing or wrong credentials. Maps to HTTP 401 and gRPC UNAUTHENTICATED; the message never echoes
 * secrets.
 */
public final class UnauthenticatedException extends RuntimeException {
  public UnauthenticatedException(String message) {
    super(message, null, false, false);
  }
}
