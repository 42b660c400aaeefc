package dev.leadrouter.routing.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.SkipReason;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvailabilityTest {
  private final Availability availability = new Availability();

  @ParameterizedTest(name = "[{index}] active={0} status={1} excluded={2} -> {3}")
  @CsvSource({
      "true,  REP_STATUS_AVAILABLE,   false, SKIP_REASON_NONE",
      "true,  REP_STATUS_UNSPECIFIED, false, SKIP_REASON_NONE",
      "true,  REP_STATUS_AWAY,        false, SKIP_REASON_STATUS",
      "true,  REP_STATUS_OFFLINE,     false, SKIP_REASON_STATUS",
      "true,  REP_STATUS_AVAILABLE,   true,  SKIP_REASON_PREVIOUS_OWNER",
      "true,  REP_STATUS_AWAY,        true,  SKIP_REASON_PREVIOUS_OWNER",
      "false, REP_STATUS_AVAILABLE,   false, SKIP_REASON_INACTIVE",
      "false, REP_STATUS_OFFLINE,     false, SKIP_REASON_INACTIVE",
      "false, REP_STATUS_AVAILABLE,   true,  SKIP_REASON_INACTIVE",
  })
  void firstFailingCheckWins(boolean active, RepStatus status, boolean excluded, SkipReason expected) {
    Rep rep = Rep.newBuilder().setRepId("alice").setActive(active).setStatus(status).build();
    assertThat(availability.check(rep, excluded ? Set.of("alice") : Set.of("bob"))).isEqualTo(expected);
  }

  @Test
  void unknownRepIsInactive() {
    assertThat(availability.check(null, Set.of())).isEqualTo(SkipReason.SKIP_REASON_INACTIVE);
  }
}
