package dev.leadrouter.notify;

import dev.leadrouter.notify.email.EmailAddresses;
import dev.leadrouter.notify.preference.ChannelPreferences;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.PrecomposedMessage;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Checks a NotifyRequest and reports every problem at once, with proto field paths. */
final class NotifyRequestValidator {
  static final int MAX_ID_LENGTH = 64;
  static final int MAX_RECIPIENTS = 100;
  static final int MAX_PREFERENCES = 20;
  private static final java.util.regex.Pattern E164 =
      java.util.regex.Pattern.compile("\\+[1-9][0-9]{6,14}");

  private NotifyRequestValidator() {}

  static void validate(NotifyRequest request) {
    List<Violation> violations = new ArrayList<>();
    if (request.getKind() == NotificationKind.NOTIFICATION_KIND_UNSPECIFIED
        || request.getKind() == NotificationKind.UNRECOGNIZED) {
      violations.add(new Violation("kind", "is required"));
    }
    requireId(violations, "assignment_id", request.getAssignmentId());
    requireId(violations, "lead_id", request.getLeadId());
    if (request.getEventId().length() > 64) {
      violations.add(new Violation("event_id", "at most 64 characters"));
    }
    if (request.getRecipientsCount() == 0) {
      violations.add(new Violation("recipients", "at least one recipient is required"));
    } else if (request.getRecipientsCount() > MAX_RECIPIENTS) {
      violations.add(
          new Violation("recipients", "at most " + MAX_RECIPIENTS + " recipients are allowed"));
    }
    for (int i = 0; i < request.getChannelsCount(); i++) {
      checkChannel(violations, "channels[" + i + "]", request.getChannels(i));
    }
    for (int i = 0; i < request.getRecipientsCount(); i++) {
      checkRecipient(violations, "recipients[" + i + "]", request.getRecipients(i));
    }
    if (!request.getAckUrl().isEmpty() && !isHttpsUrl(request.getAckUrl())) {
      violations.add(
          new Violation("ack_url", "must be an absolute https URL of at most 2048 characters"));
    }
    checkMessage(violations, request);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
  }

  private static void checkMessage(List<Violation> violations, NotifyRequest request) {
    if (!request.hasMessage()) {
      if (request.getKind() == NotificationKind.NOTIFICATION_KIND_REPORT) {
        violations.add(new Violation("message", "is required for NOTIFICATION_KIND_REPORT"));
      }
      return;
    }
    PrecomposedMessage m = request.getMessage();
    if (m.getSubject().isBlank()) {
      violations.add(new Violation("message.subject", "is required"));
    } else if (m.getSubject().length() > 200) {
      violations.add(new Violation("message.subject", "must be at most 200 characters"));
    }
    if (m.getText().isBlank()) {
      violations.add(
          new Violation("message.text", "is required (it is the plain-text, chat and SMS body)"));
    } else if (m.getText().length() > 100_000) {
      violations.add(new Violation("message.text", "must be at most 100000 characters"));
    }
    if (m.getHtml().length() > 500_000) {
      violations.add(new Violation("message.html", "must be at most 500000 characters"));
    }
  }

  private static void checkRecipient(List<Violation> violations, String path, Recipient r) {
    requireId(violations, path + ".rep_id", r.getRepId());
    if (r.getDisplayName().length() > 256) {
      violations.add(new Violation(path + ".display_name", "must be at most 256 characters"));
    }
    // An empty address only means the recipient cannot be reached over that channel (skipped); a
    // malformed one is a caller bug worth reporting.
    if (!r.getEmail().isEmpty() && !EmailAddresses.isValid(r.getEmail())) {
      violations.add(new Violation(path + ".email", "must be a valid email address"));
    }
    if (!r.getTimeZone().isEmpty()) {
      try {
        ZoneId.of(r.getTimeZone());
      } catch (DateTimeException e) {
        violations.add(
            new Violation(path + ".time_zone", "must be an IANA time zone such as Europe/Berlin"));
      }
    }
    if (r.getRole() == RecipientRole.UNRECOGNIZED) {
      violations.add(new Violation(path + ".role", "is not a known role"));
    }
    for (int j = 0; j < r.getPreferredChannelsCount(); j++) {
      checkChannel(violations, path + ".preferred_channels[" + j + "]", r.getPreferredChannels(j));
    }
    if (!r.getPhone().isEmpty() && !E164.matcher(r.getPhone()).matches()) {
      violations.add(new Violation(path + ".phone", "must be an E.164 number such as +4930123456"));
    }
    if (!r.getSlackUserId().isEmpty() && !r.getSlackUserId().matches("[A-Z0-9]{2,32}")) {
      violations.add(
          new Violation(path + ".slack_user_id", "must be a Slack member id such as U024BE7LH"));
    }
    if (!r.getSlackWebhookUrl().isEmpty() && !isHttpsUrl(r.getSlackWebhookUrl())) {
      violations.add(
          new Violation(
              path + ".slack_webhook_url",
              "must be an absolute https URL of at most 2048 characters"));
    }
    if (r.getNotificationChannelsCount() > MAX_PREFERENCES) {
      violations.add(
          new Violation(
              path + ".notification_channels",
              "at most " + MAX_PREFERENCES + " entries are allowed"));
    }
    for (int j = 0; j < r.getNotificationChannelsCount(); j++) {
      String entry = r.getNotificationChannels(j);
      if (entry.length() > 64 || !ChannelPreferences.parse(List.of(entry)).invalid().isEmpty()) {
        violations.add(
            new Violation(
                path + ".notification_channels[" + j + "]",
                "must be a channel (email, slack, sms, webhook) or kind:channel such as sla_warning:sms"));
      }
    }
  }

  private static void checkChannel(List<Violation> violations, String path, Channel channel) {
    if (channel == Channel.CHANNEL_UNSPECIFIED || channel == Channel.UNRECOGNIZED) {
      violations.add(new Violation(path, "must be a known channel"));
    }
  }

  private static void requireId(List<Violation> violations, String field, String value) {
    if (value.isBlank()) {
      violations.add(new Violation(field, "is required"));
    } else if (value.length() > MAX_ID_LENGTH) {
      violations.add(new Violation(field, "must be at most " + MAX_ID_LENGTH + " characters"));
    }
  }

  private static boolean isHttpsUrl(String value) {
    if (value.length() > 2048) {
      return false;
    }
    try {
      URI uri = new URI(value);
      return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
