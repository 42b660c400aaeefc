package dev.leadrouter.sla;

import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.host.EndpointConfig;
import dev.leadrouter.sla.clock.SlaPolicy;
import java.time.Duration;

/**
 * The SLA service's configuration.
 *
 * <ul>
 *   <li>{@code SLA_GRPC_PORT} (9104), {@code SLA_HTTP_PORT} (8104) and the shared {@code LEADROUTER_*}
 *       listener settings, see {@link EndpointConfig#from}.
 *   <li>{@code LEADROUTER_DB_URL} etc., schema {@code sla}, pool size {@code SLA_DB_POOL_SIZE}, see
 *       {@link DatabaseConfig#from}.
 *   <li>{@code SLA_FIRST_TOUCH_TARGET} (5m): time from assignment to the first-touch deadline.
 *   <li>{@code SLA_WARN_BEFORE} (2m): how long before the deadline the owner is warned; 0 for no warning.
 *   <li>{@code SLA_ESCALATE_AFTER} (0s): escalate_at = deadline + this.
 * </ul>
 */
public record SlaConfig(EndpointConfig endpoints, DatabaseConfig database, Duration firstTouchTarget,
    Duration warnBefore, Duration escalateAfter) {
  public static final Duration DEFAULT_FIRST_TOUCH_TARGET = Duration.ofMinutes(5);
  public static final Duration DEFAULT_WARN_BEFORE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_ESCALATE_AFTER = Duration.ZERO;
  /** The only policy until policies are chosen per queue and segment. */
  public static final String DEFAULT_POLICY_ID = "default";

  public SlaConfig {
    // Fails start-up with the setting's name rather than the first StartClock call.
    try {
      new SlaPolicy(DEFAULT_POLICY_ID, firstTouchTarget, warnBefore, escalateAfter);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Invalid SLA_FIRST_TOUCH_TARGET / SLA_WARN_BEFORE / SLA_ESCALATE_AFTER: "
          + e.getMessage(), e);
    }
  }

  public static SlaConfig from(Settings settings) {
    return new SlaConfig(
        EndpointConfig.from(settings, "SLA", 9104, 8104),
        DatabaseConfig.from(settings, "sla", "SLA"),
        settings.duration("SLA_FIRST_TOUCH_TARGET", DEFAULT_FIRST_TOUCH_TARGET),
        settings.duration("SLA_WARN_BEFORE", DEFAULT_WARN_BEFORE),
        settings.duration("SLA_ESCALATE_AFTER", DEFAULT_ESCALATE_AFTER));
  }

  public SlaPolicy policy() {
    return new SlaPolicy(DEFAULT_POLICY_ID, firstTouchTarget, warnBefore, escalateAfter);
  }
}
