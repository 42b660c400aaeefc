package dev.leadrouter.sla.grpc;

import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.sla.businesshours.BusinessCalendar;
import dev.leadrouter.sla.clock.NewClock;
import dev.leadrouter.sla.clock.Touch;
import dev.leadrouter.v1.GetClockRequest;
import dev.leadrouter.v1.RecordTouchRequest;
import dev.leadrouter.v1.StartClockRequest;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.StatusException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Checks clock requests and turns them into domain commands, reporting every bad field at once. */
final class ClockRequests {
  static final int MAX_ID_LENGTH = 64;

  /**
   * Assignments are made now; a day of slack covers skewed clocks without letting a typo start a
   * clock next year.
   */
  static final Duration MAX_ASSIGNED_IN_FUTURE = Duration.ofDays(1);

  static final Duration MAX_TARGET = Duration.ofDays(30);

  /**
   * Touches come from other machines (CRM, phones); allow their clocks to run slightly ahead of
   * ours.
   */
  static final Duration TOUCH_CLOCK_SKEW = Duration.ofMinutes(1);

  static final int MAX_ACK_TOKEN_LENGTH = 1024;

  /**
   * The lead is stored with the clock for notification bodies; capture limits leads far below this.
   */
  static final int MAX_LEAD_BYTES = 256 * 1024;

  private final Clock clock;

  ClockRequests(Clock clock) {
    this.clock = clock;
  }

  NewClock newClock(StartClockRequest r) {
    List<Violation> violations = new ArrayList<>();
    requiredId(violations, "assignment_id", r.getAssignmentId());
    requiredId(violations, "lead_id", r.getLeadId());
    requiredId(violations, "rep_id", r.getRepId());
    optionalId(violations, "queue_id", r.getQueueId());
    optionalId(violations, "manager_rep_id", r.getManagerRepId());
    optionalId(violations, "segment", r.getSegment());
    if (!r.getRepTimeZone().isEmpty()) {
      try {
        ZoneId.of(r.getRepTimeZone());
      } catch (DateTimeException e) {
        violations.add(
            new Violation("rep_time_zone", "must be an IANA time zone such as Europe/Berlin"));
      }
    }
    Instant assignedAt = null;
    if (!r.hasAssignedAt()) {
      violations.add(new Violation("assigned_at", "is required"));
    } else if (!ProtoTime.isValid(r.getAssignedAt())) {
      violations.add(new Violation("assigned_at", "is not a valid timestamp"));
    } else {
      assignedAt = ProtoTime.instant(r.getAssignedAt());
      if (assignedAt.isAfter(clock.instant().plus(MAX_ASSIGNED_IN_FUTURE))) {
        violations.add(new Violation("assigned_at", "must not be more than 1 day in the future"));
      }
    }
    Duration target = null;
    if (r.hasTarget()) {
      if (!ProtoTime.isValid(r.getTarget())) {
        violations.add(new Violation("target", "is not a valid duration"));
      } else {
        target = ProtoTime.duration(r.getTarget());
        // Below a microsecond the stored deadline would equal the start.
        if (target.compareTo(Duration.ofNanos(1_000)) < 0) {
          violations.add(new Violation("target", "must be positive"));
        } else if (target.compareTo(MAX_TARGET) > 0) {
          violations.add(new Violation("target", "must be at most 30 days"));
        }
      }
    }
    BusinessCalendar workingHours =
        r.hasRepWorkingHours()
            ? WorkingHoursRequests.calendar(violations, r.getRepWorkingHours(), r.getRepTimeZone())
            : null;
    if (r.hasLead() && r.getLead().getSerializedSize() > MAX_LEAD_BYTES) {
      violations.add(new Violation("lead", "must be at most " + MAX_LEAD_BYTES + " bytes encoded"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return new NewClock(
        r.getAssignmentId(),
        r.getLeadId(),
        r.getRepId(),
        emptyToNull(r.getQueueId()),
        emptyToNull(r.getSegment()),
        emptyToNull(r.getManagerRepId()),
        emptyToNull(r.getRepTimeZone()),
        assignedAt,
        target,
        r.hasLead() ? r.getLead() : null,
        workingHours);
  }

  /**
   * @param ackTokens redeems ack_token; null when no LEADROUTER_ACK_SECRET is configured
   * @throws StatusException PERMISSION_DENIED when the ack_token is forged or expired (sla.proto's
   *     error model)
   */
  Touch touch(RecordTouchRequest r, AckToken ackTokens) {
    List<Violation> violations = new ArrayList<>();
    String assignmentId = r.getAssignmentId();
    String repId = r.getRepId();
    if (!r.getAckToken().isEmpty()) {
      if (r.getAckToken().length() > MAX_ACK_TOKEN_LENGTH) {
        violations.add(
            new Violation("ack_token", "must be at most " + MAX_ACK_TOKEN_LENGTH + " characters"));
      } else if (!assignmentId.isEmpty()) {
        violations.add(new Violation("ack_token", "send assignment_id or ack_token, not both"));
      } else {
        AckToken.Claims claims = redeem(ackTokens, r.getAckToken());
        assignmentId = claims.assignmentId();
        if (!repId.isEmpty() && !repId.equals(claims.repId())) {
          violations.add(new Violation("rep_id", "is not the rep the link was issued to"));
        }
        repId = claims.repId();
      }
    } else {
      requiredId(violations, "assignment_id", assignmentId);
    }
    optionalId(violations, "rep_id", repId);
    Instant now = clock.instant();
    Instant touchedAt = now;
    if (r.hasTouchedAt()) {
      if (!ProtoTime.isValid(r.getTouchedAt())) {
        violations.add(new Violation("touched_at", "is not a valid timestamp"));
      } else {
        touchedAt = ProtoTime.instant(r.getTouchedAt());
        if (touchedAt.isAfter(now.plus(TOUCH_CLOCK_SKEW))) {
          violations.add(new Violation("touched_at", "must not be in the future"));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return new Touch(
        assignmentId, touchedAt, ClockMessages.channelName(r.getChannel()), emptyToNull(repId));
  }

  private static AckToken.Claims redeem(AckToken ackTokens, String token) {
    if (ackTokens == null) {
      throw new StatusException(
          GrpcStatus.FAILED_PRECONDITION, "ack links are not configured (LEADROUTER_ACK_SECRET)");
    }
    try {
      return ackTokens.redeem(token);
    } catch (UnauthenticatedException e) {
      throw new StatusException(GrpcStatus.PERMISSION_DENIED, "ack_token: " + e.getMessage());
    }
  }

  String assignmentId(GetClockRequest r) {
    List<Violation> violations = new ArrayList<>();
    requiredId(violations, "assignment_id", r.getAssignmentId());
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return r.getAssignmentId();
  }

  String leadId(String leadId) {
    List<Violation> violations = new ArrayList<>();
    requiredId(violations, "lead_id", leadId);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return leadId;
  }

  private static void requiredId(List<Violation> violations, String field, String value) {
    if (value.isBlank()) {
      violations.add(new Violation(field, "is required"));
    } else {
      optionalId(violations, field, value);
    }
  }

  private static void optionalId(List<Violation> violations, String field, String value) {
    if (value.length() > MAX_ID_LENGTH) {
      violations.add(new Violation(field, "must be at most " + MAX_ID_LENGTH + " characters"));
    }
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
