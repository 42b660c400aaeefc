package dev.leadrouter.runtime.crm;

import java.time.Duration;

/**
 * A CRM call that did not succeed, classified for the caller's retry logic, with the CRM's own
 * error code and text (safe to store and show: no tokens, no URLs with credentials).
 */
public final class CrmFailure extends RuntimeException {
  private static final int MAX_MESSAGE = 500;

  /** What retrying can do. */
  public enum Kind {
    /** Retrying later may work: 5xx, timeouts, record locks ({@code UNABLE_TO_LOCK_ROW}). */
    TRANSIENT,
    /** The CRM asked us to slow down (429, {@code REQUEST_LIMIT_EXCEEDED}). */
    RATE_LIMITED,
    /** Retrying cannot help: invalid owner, deleted record, bad request, refused credentials. */
    PERMANENT
  }

  private final Kind kind;
  private final int status;
  private final String errorCode;
  private final Duration retryAfter;
  private final boolean maybeApplied;

  public CrmFailure(
      Kind kind,
      int status,
      String errorCode,
      String message,
      Duration retryAfter,
      boolean maybeApplied) {
    super(safe(message), null, false, false);
    this.kind = kind;
    this.status = status;
    this.errorCode = errorCode == null ? "" : errorCode;
    this.retryAfter = retryAfter;
    this.maybeApplied = maybeApplied;
  }

  public static CrmFailure transientFailure(String message, boolean maybeApplied) {
    return new CrmFailure(Kind.TRANSIENT, 0, "", message, null, maybeApplied);
  }

  public static CrmFailure permanent(String errorCode, String message) {
    return new CrmFailure(Kind.PERMANENT, 0, errorCode, message, null, false);
  }

  public Kind kind() {
    return kind;
  }

  public boolean permanent() {
    return kind == Kind.PERMANENT;
  }

  /** HTTP status of the CRM's answer; 0 when there was none (connection failure). */
  public int status() {
    return status;
  }

  /** The CRM's error code, e.g. {@code UNABLE_TO_LOCK_ROW}, {@code VALIDATION_ERROR}; or "". */
  public String errorCode() {
    return errorCode;
  }

  /** The wait the CRM asked for; null when it named none. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** A timeout or 5xx after the request was sent: the CRM may have applied it. */
  public boolean maybeApplied() {
    return maybeApplied;
  }

  private static String safe(String message) {
    String cleaned = (message == null ? "" : message).replaceAll("\\p{Cntrl}+", " ").strip();
    return cleaned.length() <= MAX_MESSAGE ? cleaned : cleaned.substring(0, MAX_MESSAGE);
  }
}
