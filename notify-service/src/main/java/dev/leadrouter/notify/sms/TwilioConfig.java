package dev.leadrouter.notify.sms;

import dev.leadrouter.notify.ratelimit.RateLimit;
import dev.leadrouter.notify.ratelimit.RateSettings;
import dev.leadrouter.runtime.config.Settings;

/**
 * A Twilio-compatible SMS API. The auth token comes from a Secret and is never logged.
 *
 * @param accountSid {@code NOTIFY_TWILIO_ACCOUNT_SID}
 * @param authToken {@code NOTIFY_TWILIO_AUTH_TOKEN}
 * @param from {@code NOTIFY_TWILIO_FROM}: sender number (E.164) or alphanumeric sender id; null
 *     when a Messaging Service sends
 * @param messagingServiceSid {@code NOTIFY_TWILIO_MESSAGING_SERVICE_SID} ({@code MG...}): Twilio
 *     picks the sender from the service's pool (and applies its opt-out handling); one of this and
 *     {@code from} is required
 * @param apiBase {@code NOTIFY_TWILIO_API_BASE}, default {@code https://api.twilio.com}
 * @param rate {@code NOTIFY_SMS_RATE}, default 1 message per second per sender (a US long code's
 *     throughput; raise it for short codes or messaging services), shared by all replicas
 * @param statusCallbackUrl {@code NOTIFY_PUBLIC_BASE_URL} + {@code /v1/twilio/status}: where Twilio
 *     reports delivered/undelivered; null (no callbacks) without a public base URL
 */
public record TwilioConfig(
    String accountSid,
    String authToken,
    String from,
    String messagingServiceSid,
    String apiBase,
    RateLimit rate,
    String statusCallbackUrl) {

  public static final String STATUS_PATH = "/v1/twilio/status";
  public static final String INBOUND_PATH = "/v1/twilio/inbound";

  /** Null when SMS is not configured (no account SID). */
  public static TwilioConfig from(Settings s) {
    String sid = s.optional("NOTIFY_TWILIO_ACCOUNT_SID");
    if (sid == null) {
      return null;
    }
    if (!sid.matches("[A-Za-z0-9]{2,64}")) {
      throw new IllegalStateException(
          "Setting NOTIFY_TWILIO_ACCOUNT_SID must be letters and digits (AC...)");
    }
    String token = s.optional("NOTIFY_TWILIO_AUTH_TOKEN");
    String from = s.optional("NOTIFY_TWILIO_FROM");
    String service = s.optional("NOTIFY_TWILIO_MESSAGING_SERVICE_SID");
    if (token == null || (from == null) == (service == null)) {
      throw new IllegalStateException(
          "Settings NOTIFY_TWILIO_AUTH_TOKEN and one of NOTIFY_TWILIO_FROM or "
              + "NOTIFY_TWILIO_MESSAGING_SERVICE_SID are required with NOTIFY_TWILIO_ACCOUNT_SID");
    }
    if (service != null && !service.matches("MG[0-9a-fA-F]{32}")) {
      throw new IllegalStateException(
          "Setting NOTIFY_TWILIO_MESSAGING_SERVICE_SID must be MG followed by 32 hex digits");
    }
    String base = s.string("NOTIFY_TWILIO_API_BASE", "https://api.twilio.com");
    String publicBase = s.optional("NOTIFY_PUBLIC_BASE_URL");
    return new TwilioConfig(
        sid,
        token,
        from,
        service,
        trimSlash(base),
        new RateLimit(
            RateSettings.perSecond(s, "NOTIFY_SMS_RATE", 1), s.integer("NOTIFY_SMS_BURST", 3)),
        publicBase == null ? null : trimSlash(publicBase) + STATUS_PATH);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The sender, for rate limits and look-ups: the number, or the Messaging Service. */
  String sender() {
    return from != null ? from : messagingServiceSid;
  }

  String messagesUrl() {
    return apiBase + "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
  }

  @Override
  public String toString() {
    return "twilio " + apiBase + " account " + accountSid;
  }
}
