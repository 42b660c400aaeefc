package dev.leadrouter.notify.sms;

import dev.leadrouter.notify.ratelimit.RateLimit;
import dev.leadrouter.notify.ratelimit.RateSettings;
import dev.leadrouter.runtime.config.Settings;

/**
 * A Twilio-compatible SMS API. The auth token comes from a Secret and is never logged.
 *
 * @param accountSid {@code NOTIFY_TWILIO_ACCOUNT_SID}
 * @param authToken {@code NOTIFY_TWILIO_AUTH_TOKEN}
 * @param from {@code NOTIFY_TWILIO_FROM}: sender number (E.164) or alphanumeric sender id
 * @param apiBase {@code NOTIFY_TWILIO_API_BASE}, default {@code https://api.twilio.com}
 * @param rate {@code NOTIFY_SMS_RATE}, default 1 message per second per sender number (a US long
 *     code's throughput; raise it for short codes or messaging services)
 */
public record TwilioConfig(
    String accountSid, String authToken, String from, String apiBase, RateLimit rate) {

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
    if (token == null || from == null) {
      throw new IllegalStateException(
          "Settings NOTIFY_TWILIO_AUTH_TOKEN and NOTIFY_TWILIO_FROM are required with "
              + "NOTIFY_TWILIO_ACCOUNT_SID");
    }
    String base = s.string("NOTIFY_TWILIO_API_BASE", "https://api.twilio.com");
    return new TwilioConfig(
        sid,
        token,
        from,
        base.endsWith("/") ? base.substring(0, base.length() - 1) : base,
        new RateLimit(RateSettings.perSecond(s, "NOTIFY_SMS_RATE", 1), 3));
  }

  String messagesUrl() {
    return apiBase + "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
  }

  @Override
  public String toString() {
    return "twilio " + apiBase + " account " + accountSid;
  }
}
