package dev.leadrouter.sla.grpc;

import dev.leadrouter.sla.clock.ClockSchedule;
import dev.leadrouter.sla.clock.SlaClock;
import dev.leadrouter.v1.Clock;
import dev.leadrouter.v1.ClockState;
import dev.leadrouter.v1.TouchChannel;

/**
 * Maps stored clocks to leadrouter.v1 messages. Touch channels are stored as the enum name without
 * prefix.
 */
final class ClockMessages {
  private static final String CHANNEL_PREFIX = "TOUCH_CHANNEL_";

  private ClockMessages() {}

  static Clock toProto(SlaClock clock) {
    ClockSchedule schedule = clock.schedule();
    Clock.Builder b =
        Clock.newBuilder()
            .setClockId(clock.clockId().toString())
            .setAssignmentId(clock.assignmentId())
            .setLeadId(clock.leadId())
            .setRepId(clock.repId())
            .setQueueId(orEmpty(clock.queueId()))
            .setState(ClockState.valueOf("CLOCK_STATE_" + clock.state().name()))
            .setStartedAt(ProtoTime.timestamp(schedule.startedAt()))
            .setDeadline(ProtoTime.timestamp(schedule.deadline()))
            .setPolicyId(clock.policyId())
            .setSegment(orEmpty(clock.segment()))
            .setManagerRepId(orEmpty(clock.managerRepId()))
            .setTouchChannel(channel(clock.touchChannel()));
    if (schedule.warnAt() != null) {
      b.setWarnAt(ProtoTime.timestamp(schedule.warnAt()));
    }
    if (schedule.escalateAt() != null) {
      b.setEscalateAt(ProtoTime.timestamp(schedule.escalateAt()));
    }
    if (clock.touchedAt() != null) {
      b.setTouchedAt(ProtoTime.timestamp(clock.touchedAt()));
      b.setTimeToTouch(ProtoTime.duration(clock.timeToTouch()));
    }
    return b.build();
  }

  /** The stored name of a channel; null for unspecified or a value newer than this build knows. */
  static String channelName(TouchChannel channel) {
    if (channel == TouchChannel.TOUCH_CHANNEL_UNSPECIFIED || channel == TouchChannel.UNRECOGNIZED) {
      return null;
    }
    return channel.name().substring(CHANNEL_PREFIX.length());
  }

  private static TouchChannel channel(String name) {
    if (name == null) {
      return TouchChannel.TOUCH_CHANNEL_UNSPECIFIED;
    }
    try {
      return TouchChannel.valueOf(CHANNEL_PREFIX + name);
    } catch (IllegalArgumentException e) {
      // Written by a newer build that knows more channels: still a touch, channel unknown here.
      return TouchChannel.TOUCH_CHANNEL_UNSPECIFIED;
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
