package dev.leadrouter.notify.http;

import dev.leadrouter.notify.delivery.SendFailure;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * How an HTTP provider's answer (or the lack of one) maps onto retry decisions; shared by Slack,
 * SMS and outgoing webhooks.
 *
 * <ul>
 *   <li>429 Too Many Requests: transient, honour {@code Retry-After}; the provider refused the
 *       request, so sending again can never duplicate.
 *   <li>408 Request Timeout: transient, not processed.
 *   <li>5xx: transient, but the provider may have acted before failing, so the outcome is unknown.
 *   <li>any other 4xx: permanent (bad request, bad credentials, unknown recipient).
 *   <li>no answer: refused connections and DNS failures never reached the provider (safe to
 *       resend); a timeout or a dropped connection after the request was written may have.
 * </ul>
 */
public final class HttpReplies {
  private HttpReplies() {}

  /**
   * The failure for a non-2xx status; {@code what} names the provider, {@code detail} is its error
   * text (safe).
   */
  public static SendFailure ofStatus(
      String what,
      int status,
      String retryAfterHeader,
      String detail,
      Clock clock,
      Duration retryAfterCap) {
    String message =
        what
            + " answered HTTP "
            + status
            + (detail == null || detail.isBlank() ? "" : ": " + detail);
    if (status == 429) {
      Duration wait = RetryAfter.parse(retryAfterHeader, clock, retryAfterCap);
      return wait == null
          ? SendFailure.transientFailure(message)
          : SendFailure.retryAfter(message, wait);
    }
    if (status == 408) {
      return SendFailure.transientFailure(message);
    }
    if (status >= 500) {
      Duration wait = RetryAfter.parse(retryAfterHeader, clock, retryAfterCap);
      // The provider may have acted before failing: wait as asked, and still check before
      // resending.
      return wait == null
          ? SendFailure.outcomeUnknown(message)
          : SendFailure.outcomeUnknown(message, wait);
    }
    return SendFailure.permanent(message);
  }

  /** The failure for a request that got no HTTP answer. */
  public static SendFailure ofException(String what, Throwable cause) {
    String name = cause.getClass().getSimpleName();
    if (cause instanceof ConnectException
        || cause instanceof UnknownHostException
        || cause instanceof SSLException
        || isConnectFailure(cause)) {
      return SendFailure.transientFailure(what + " unreachable: " + name);
    }
    if (cause instanceof TimeoutException || name.contains("Timeout")) {
      return SendFailure.outcomeUnknown(what + " timed out");
    }
    return SendFailure.outcomeUnknown(what + " connection failed: " + name);
  }

  private static boolean isConnectFailure(Throwable cause) {
    // Netty reports refused connections as its own ConnectException subclasses or wrapped ones.
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
