package dev.leadrouter.sla.ladder;

import java.time.Instant;
import java.util.Objects;

/** A ladder step and when it is due. */
public record DueStep(LadderStep step, Instant at) {
  public DueStep {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(at, "at");
  }
}
