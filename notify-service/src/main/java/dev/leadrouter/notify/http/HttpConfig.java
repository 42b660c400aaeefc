package dev.leadrouter.notify.http;

import dev.leadrouter.runtime.config.Settings;
import java.time.Duration;

/**
 * Outgoing HTTP calls (Slack, SMS, webhooks).
 *
 * @param timeout {@code NOTIFY_HTTP_TIMEOUT} (5s): longest wait for a provider's answer; a send
 *     that times out may still have been accepted, which is why SMS checks before resending
 * @param maxRetryAfter {@code NOTIFY_MAX_RETRY_AFTER} (10m): longest Retry-After honoured
 */
public record HttpConfig(Duration timeout, Duration maxRetryAfter) {
  public static HttpConfig from(Settings s) {
    return new HttpConfig(
        s.duration("NOTIFY_HTTP_TIMEOUT", Duration.ofSeconds(5)),
        s.duration("NOTIFY_MAX_RETRY_AFTER", Duration.ofMinutes(10)));
  }
}
