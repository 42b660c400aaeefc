package dev.leadrouter.notify.delivery;

import java.time.Duration;

/**
 * Why a provider did not accept a message, in words safe for logs and the Delivery API (no
 * addresses, tokens or URLs), and what that means for the next attempt.
 *
 * <p>Three questions decide what happens next: can retrying help at all ({@link #permanent}), did
 * the provider say when to come back ({@link #retryAfter}), and might the provider have accepted
 * the message even though we saw a failure ({@link #maybeAccepted}: a timeout or 5xx after the
 * request was written). Channels without idempotency keys (SMS) must check before sending again.
 */
public final class SendFailure extends RuntimeException {
  private static final int MAX_MESSAGE = 500;

  private final boolean permanent;
  private final Duration retryAfter;
  private final boolean maybeAccepted;
  private final boolean credentialsRefused;
  private final boolean skipped;

  private SendFailure(
      String message, boolean permanent, Duration retryAfter, boolean maybeAccepted) {
    this(message, permanent, retryAfter, maybeAccepted, false, false);
  }

  private SendFailure(
      String message,
      boolean permanent,
      Duration retryAfter,
      boolean maybeAccepted,
      boolean credentialsRefused,
      boolean skipped) {
    super(safe(message), null, false, false);
    this.permanent = permanent;
    this.retryAfter = retryAfter;
    this.maybeAccepted = maybeAccepted;
    this.credentialsRefused = credentialsRefused;
    this.skipped = skipped;
  }

  /**
   * The provider refused our credentials (Slack invalid_auth/token_revoked, Twilio 401, SMTP 535):
   * nothing is wrong with this message, the channel is misconfigured. Every message would fail the
   * same way until an operator fixes the credential, so the channel is paused, not the message
   * failed.
   */
  public static SendFailure credentialsRefused(String message) {
    return new SendFailure(message, false, null, false, true, false);
  }

  public boolean credentialsRefused() {
    return credentialsRefused;
  }

  /**
   * Deliberately not sent, and never to be (a CRM owner a person set is kept): the delivery ends
   * SKIPPED, not failed.
   */
  public static SendFailure skipped(String message) {
    return new SendFailure(message, true, null, false, false, true);
  }

  public boolean skipped() {
    return skipped;
  }

  /** Retrying cannot help (bad address, refused credentials, unknown channel). */
  public static SendFailure permanent(String message) {
    return new SendFailure(message, true, null, false);
  }

  /**
   * The provider certainly did not take the message (refused connection, 429, 4xx reply before
   * DATA); safe to resend.
   */
  public static SendFailure transientFailure(String message) {
    return new SendFailure(message, false, null, false);
  }

  /** A transient failure after which the provider asked us to wait ({@code Retry-After}). */
  public static SendFailure retryAfter(String message, Duration wait) {
    return new SendFailure(message, false, wait, false);
  }

  /**
   * A transient failure after which the message may or may not have been accepted (timeout, 5xx).
   */
  public static SendFailure outcomeUnknown(String message) {
    return new SendFailure(message, false, null, true);
  }

  /**
   * An unknown outcome after which the provider asked us to wait (503 with {@code Retry-After}).
   */
  public static SendFailure outcomeUnknown(String message, Duration wait) {
    return new SendFailure(message, false, wait, true);
  }

  public boolean permanent() {
    return permanent;
  }

  /** The provider's requested wait before the next try; null when it named none. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean maybeAccepted() {
    return maybeAccepted;
  }

  private static String safe(String message) {
    String cleaned = (message == null ? "" : message).replaceAll("\\p{Cntrl}+", " ").strip();
    return cleaned.length() <= MAX_MESSAGE ? cleaned : cleaned.substring(0, MAX_MESSAGE);
  }
}
