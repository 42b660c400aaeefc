package dev.leadrouter.notify;

import dev.leadrouter.notify.email.EmailAddresses;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Channel;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
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

  private NotifyRequestValidator() {}

  static void validate(NotifyRequest request) {
    List<Violation> violations = new ArrayList<>();
    if (request.getKind() == NotificationKind.NOTIFICATION_KIND_UNSPECIFIED
        || request.getKind() == NotificationKind.UNRECOGNIZED) {
      violations.add(new Violation("kind", "is required"));
    }
    requireId(violations, "assignment_id", request.getAssignmentId());
    requireId(violations, "lead_id", request.getLeadId());
    if (request.getRecipientsCount() == 0) {
      violations.add(new Violation("recipients", "at least one recipient is required"));
    } else if (request.getRecipientsCount() > MAX_RECIPIENTS) {
      violations.add(new Violation("recipients", "at most " + MAX_RECIPIENTS + " recipients are allowed"));
    }
    for (int i = 0; i < request.getChannelsCount(); i++) {
      checkChannel(violations, "channels[" + i + "]", request.getChannels(i));
    }
    for (int i = 0; i < request.getRecipientsCount(); i++) {
      checkRecipient(violations, "recipients[" + i + "]", request.getRecipients(i));
    }
    if (!request.getAckUrl().isEmpty() && !isHttpsUrl(request.getAckUrl())) {
      violations.add(new Violation("ack_url", "must be an absolute https URL of at most 2048 characters"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
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
        violations.add(new Violation(path + ".time_zone", "must be an IANA time zone such as Europe/Berlin"));
      }
    }
    if (r.getRole() == RecipientRole.UNRECOGNIZED) {
      violations.add(new Violation(path + ".role", "is not a known role"));
    }
    for (int j = 0; j < r.getPreferredChannelsCount(); j++) {
      checkChannel(violations, path + ".preferred_channels[" + j + "]", r.getPreferredChannels(j));
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
