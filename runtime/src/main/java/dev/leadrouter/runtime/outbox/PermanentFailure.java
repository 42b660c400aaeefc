package dev.leadrouter.runtime.outbox;

/**
 * A handler's verdict that retrying cannot help (the receiver rejected the message as invalid). The
 * row is parked for a human instead of being retried forever.
 */
public final class PermanentFailure extends RuntimeException {
  public PermanentFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
