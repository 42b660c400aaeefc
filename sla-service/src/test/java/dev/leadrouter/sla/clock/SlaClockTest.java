package dev.leadrouter.sla.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The first-touch rules of a clock, without a database. */
class SlaClockTest {
  private static final Instant T = Instant.parse("2025-06-02T09:00:00Z");
  private static final SlaPolicy POLICY =
      new SlaPolicy("default", Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ZERO);

  @Test
  void theFirstTouchInTimeStopsTheClock() {
    SlaClock touched =
        clock(ClockState.WARNED).touched(touch(T.plusSeconds(200), "rep-1")).orElseThrow();

    assertThat(touched.state()).isEqualTo(ClockState.TOUCHED);
    assertThat(touched.touchedAt()).isEqualTo(T.plusSeconds(200));
    assertThat(touched.timeToTouch()).isEqualTo(Duration.ofSeconds(200));
    assertThat(touched.touchChannel()).isEqualTo("CALL");
    assertThat(touched.nextFireAt()).as("nothing left to fire").isNull();
  }

  @Test
  void aTouchExactlyAtTheDeadlineIsInTime() {
    assertThat(
            clock(ClockState.RUNNING)
                .touched(touch(T.plus(Duration.ofMinutes(5)), null))
                .orElseThrow()
                .state())
        .isEqualTo(ClockState.TOUCHED);
  }

  @Test
  void aLateTouchIsRecordedButTheClockStaysBreached() {
    SlaClock touched =
        clock(ClockState.RUNNING)
            .touched(touch(T.plus(Duration.ofMinutes(5)).plusNanos(1_000), null))
            .orElseThrow();

    assertThat(touched.state()).isEqualTo(ClockState.BREACHED);
    assertThat(touched.touchedAt()).isNotNull();
  }

  @Test
  void laterTouchesAreNoOps() {
    SlaClock touched =
        clock(ClockState.RUNNING).touched(touch(T.plusSeconds(60), null)).orElseThrow();

    assertThat(touched.touched(touch(T.plusSeconds(120), null))).isEmpty();
    assertThat(clock(ClockState.CANCELLED).touched(touch(T.plusSeconds(60), null))).isEmpty();
  }

  @Test
  void aTouchBeforeTheStartOrByAnotherRepIsInvalid() {
    assertThatThrownBy(() -> clock(ClockState.RUNNING).touched(touch(T.minusNanos(1_000), "rep-2")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e ->
                assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactly("touched_at", "rep_id"));
  }

  private static Touch touch(Instant at, String repId) {
    return new Touch("asg-1", at, "CALL", repId);
  }

  private static SlaClock clock(ClockState state) {
    ClockSchedule schedule = POLICY.scheduleFor(T);
    return new SlaClock(
        UUID.randomUUID(),
        "asg-1",
        "lead-1",
        "rep-1",
        null,
        null,
        null,
        null,
        "default",
        state,
        schedule,
        null,
        null,
        schedule.firstStep());
  }

  @Test
  void aFreshClockHasNoTimeToTouch() {
    assertThat(clock(ClockState.RUNNING).timeToTouch()).isNull();
    assertThat(Optional.ofNullable(clock(ClockState.RUNNING).nextFireAt()))
        .contains(T.plus(Duration.ofMinutes(3)));
  }
}
