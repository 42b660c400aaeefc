package dev.leadrouter.runtime.crm;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Reads the CRMs' error answers into {@link CrmFailure}s. Salesforce REST answers errors as {@code
 * [{"message":..., "errorCode":..., "fields":[...]}]} (composite results use {@code statusCode}
 * instead of {@code errorCode}); HubSpot as {@code {"status":"error", "message":...,
 * "category":..., "correlationId":...}}.
 */
public final class CrmReplies {
  /**
   * Never wait longer than this on a CRM's say-so: a confused server must not park work for days.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  /** Salesforce error codes worth retrying: another transaction holds the row, or a blip. */
  private static final Set<String> SALESFORCE_TRANSIENT =
      Set.of(
          "UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "QUERY_TIMEOUT", "REQUEST_RUNNING_TOO_LONG");

  private CrmReplies() {}

  /** A failed Salesforce answer. */
  static CrmFailure salesforce(HttpResponse<Buffer> r, Clock clock) {
    JsonObject first = firstSalesforceError(r);
    String code = first == null ? "" : code(first);
    String message = first == null ? "" : first.getString("message", "");
    return salesforceFailure(r.statusCode(), code, message, r.getHeader("Retry-After"), clock);
  }

  static CrmFailure salesforceFailure(
      int status, String code, String message, String retryAfterHeader, Clock clock) {
    String text =
        ("Salesforce " + (status > 0 ? status + " " : "") + code + ": " + message).strip();
    Duration wait = retryAfter(retryAfterHeader, clock);
    if (status == 429 || "REQUEST_LIMIT_EXCEEDED".equals(code)) {
      // The org's API budget or concurrency limit: come back later, not in milliseconds.
      return new CrmFailure(
          CrmFailure.Kind.RATE_LIMITED,
          status,
          code,
          text,
          wait != null ? wait : Duration.ofMinutes(1),
          false);
    }
    if (status >= 500 || SALESFORCE_TRANSIENT.contains(code) || status == 401) {
      return new CrmFailure(CrmFailure.Kind.TRANSIENT, status, code, text, wait, status >= 500);
    }
    return new CrmFailure(CrmFailure.Kind.PERMANENT, status, code, text, null, false);
  }

  /** A failed HubSpot answer. */
  static CrmFailure hubspot(HttpResponse<Buffer> r, Clock clock) {
    JsonObject body = jsonObject(r);
    String message = body == null ? "" : body.getString("message", "");
    String category = body == null ? "" : body.getString("category", "");
    String policy = body == null ? "" : body.getString("policyName", "");
    int status = r.statusCode();
    String text = ("HubSpot " + status + " " + category + ": " + message).strip();
    Duration wait = retryAfter(r.getHeader("Retry-After"), clock);
    if (status == 429) {
      if (wait == null) {
        // No Retry-After: the ten-second window rolls over in at most ten seconds; the daily
        // limit resets at midnight in the account's time zone, so wait long.
        wait = policy.startsWith("DAILY") ? MAX_RETRY_AFTER : Duration.ofSeconds(10);
      }
      return new CrmFailure(CrmFailure.Kind.RATE_LIMITED, status, policy, text, wait, false);
    }
    if (status >= 500) {
      return new CrmFailure(CrmFailure.Kind.TRANSIENT, status, category, text, wait, true);
    }
    if (status == 401 || status == 403) {
      // A revoked token or a missing scope is fixed by an operator; until then, keep retrying
      // rather than give records up.
      return new CrmFailure(CrmFailure.Kind.TRANSIENT, status, category, text, wait, false);
    }
    return new CrmFailure(CrmFailure.Kind.PERMANENT, status, category, text, null, false);
  }

  static CrmFailure ofException(String crm, Throwable e) {
    if (e instanceof CrmFailure f) {
      return f;
    }
    // A timeout may strike after the request reached the CRM.
    boolean timeout =
        e instanceof java.util.concurrent.TimeoutException
            || String.valueOf(e.getMessage())
                .toLowerCase(java.util.Locale.ROOT)
                .contains("timeout");
    return CrmFailure.transientFailure(
        crm + " unreachable: " + e.getClass().getSimpleName() + (timeout ? " (timeout)" : ""),
        timeout);
  }

  static JsonObject jsonObject(HttpResponse<Buffer> r) {
    try {
      Object v = parsed(r);
      return v instanceof JsonObject o ? o : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The body as a JsonObject or JsonArray; null when empty or not JSON. */
  private static Object parsed(HttpResponse<Buffer> r) {
    Buffer b = r.body();
    if (b == null || b.length() == 0) {
      return null;
    }
    String text = b.toString().strip();
    return text.startsWith("[") ? new JsonArray(text) : new JsonObject(text);
  }

  static String code(JsonObject error) {
    String c = error.getString("errorCode");
    return c != null ? c : error.getString("statusCode", "");
  }

  private static JsonObject firstSalesforceError(HttpResponse<Buffer> r) {
    try {
      Object v = parsed(r);
      if (v instanceof JsonArray a && !a.isEmpty() && a.getValue(0) instanceof JsonObject o) {
        return o;
      }
      return v instanceof JsonObject o ? o : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * RFC 9110 Retry-After: delay-seconds or an HTTP-date; capped; null when absent or unreadable.
   */
  static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Duration wait;
    try {
      wait = Duration.ofSeconds(Long.parseLong(header.strip()));
    } catch (NumberFormatException notSeconds) {
      try {
        wait =
            Duration.between(
                clock.instant(),
                ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }
}
