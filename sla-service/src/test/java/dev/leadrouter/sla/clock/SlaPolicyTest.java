package dev.leadrouter.sla.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlaPolicyTest {
  private static final Instant T = Instant.parse("2025-06-02T09:00:00Z");
  private static final SlaPolicy DEFAULT =
      new SlaPolicy("default", Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ZERO);

  @Test
  void warnsBeforeAndEscalatesAtTheDeadline() {
    ClockSchedule s = DEFAULT.scheduleFor(T);

    assertThat(s.startedAt()).isEqualTo(T);
    assertThat(s.warnAt()).isEqualTo(T.plus(Duration.ofMinutes(3)));
    assertThat(s.deadline()).isEqualTo(T.plus(Duration.ofMinutes(5)));
    assertThat(s.escalateAt()).isEqualTo(s.deadline());
    assertThat(s.firstFireAt()).isEqualTo(s.warnAt());
  }

  @Test
  void escalatesTheConfiguredTimeAfterTheDeadline() {
    SlaPolicy policy =
        new SlaPolicy("p", Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(1));

    assertThat(policy.scheduleFor(T).escalateAt()).isEqualTo(T.plus(Duration.ofMinutes(6)));
  }

  @Test
  void aTargetOverrideScalesWarningAndEscalation() {
    SlaPolicy policy =
        new SlaPolicy("p", Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(1));

    ClockSchedule s = policy.scheduleFor(T, Duration.ofMinutes(10));

    assertThat(s.deadline()).isEqualTo(T.plus(Duration.ofMinutes(10)));
    assertThat(s.warnAt()).isEqualTo(s.deadline().minus(Duration.ofMinutes(4)));
    assertThat(s.escalateAt()).isEqualTo(s.deadline().plus(Duration.ofMinutes(2)));
  }

  @Test
  void aThirtyDayOverrideDoesNotOverflow() {
    ClockSchedule s = DEFAULT.scheduleFor(T, Duration.ofDays(30));

    // 2m / 5m of 30 days = 12 days.
    assertThat(s.warnAt()).isEqualTo(s.deadline().minus(Duration.ofDays(12)));
  }

  @Test
  void withoutAWarningTheFirstStepIsTheDeadline() {
    SlaPolicy policy = new SlaPolicy("p", Duration.ofMinutes(5), Duration.ZERO, Duration.ZERO);

    ClockSchedule s = policy.scheduleFor(T);

    assertThat(s.warnAt()).isNull();
    assertThat(s.firstFireAt()).isEqualTo(s.deadline());
  }

  @Test
  void instantsAreCutToTheDatabasesMicroseconds() {
    ClockSchedule s = DEFAULT.scheduleFor(T.plusNanos(123_456_789));

    assertThat(s.startedAt()).isEqualTo(T.plusNanos(123_456_000));
    assertThat(s.deadline()).isEqualTo(T.plus(Duration.ofMinutes(5)).plusNanos(123_456_000));
  }

  @Test
  void rejectsPoliciesThatCannotWork() {
    assertThatThrownBy(() -> new SlaPolicy("p", Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new SlaPolicy("p", Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new SlaPolicy("p", Duration.ofMinutes(5), Duration.ofMinutes(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new SlaPolicy("p", Duration.ofMinutes(5), Duration.ZERO, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DEFAULT.scheduleFor(T, Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
