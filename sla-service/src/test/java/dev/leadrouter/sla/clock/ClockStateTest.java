package dev.leadrouter.sla.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClockStateTest {

  @ParameterizedTest
  @EnumSource(
      value = ClockState.class,
      names = {"RUNNING", "WARNED", "ESCALATED", "BREACHED"})
  void openClocksAcceptATouch(ClockState state) {
    assertThat(state.acceptsTouch()).isTrue();
    assertThat(state.afterTouch(false)).isEqualTo(ClockState.TOUCHED);
    assertThat(state.afterTouch(true)).isEqualTo(ClockState.BREACHED);
  }

  @ParameterizedTest
  @EnumSource(
      value = ClockState.class,
      names = {"TOUCHED", "CANCELLED"})
  void finishedClocksDoNot(ClockState state) {
    assertThat(state.acceptsTouch()).isFalse();
    assertThatThrownBy(() -> state.afterTouch(false)).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = ClockState.class,
      names = {"RUNNING", "WARNED"})
  void aReassignmentCancelsCountingClocks(ClockState state) {
    assertThat(state.isCounting()).isTrue();
    assertThat(state.afterReassignment()).isEqualTo(ClockState.CANCELLED);
  }

  @ParameterizedTest
  @EnumSource(
      value = ClockState.class,
      names = {"ESCALATED", "BREACHED", "TOUCHED", "CANCELLED"})
  void aReassignmentKeepsTheOutcomeOfFinishedClocks(ClockState state) {
    assertThat(state.isCounting()).isFalse();
    assertThat(state.afterReassignment()).isEqualTo(state);
  }

  @Test
  void everyStateIsCovered() {
    // A new state must be added to one of the lists above, deliberately.
    assertThat(ClockState.values()).hasSize(6);
  }
}
