package dev.leadrouter.sla.metrics;

import dev.leadrouter.sla.clock.Ladder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The SLA service's live-dashboard meters (Prometheus names): {@code sla_clocks_started_total},
 * {@code sla_clocks_touched_total}, {@code sla_clocks_warned_total}, {@code
 * sla_clocks_breached_total}, {@code sla_clocks_escalated_total}, {@code
 * sla_clocks_reassigned_total}, {@code sla_firing_lag_seconds} (fired at minus due at, with
 * percentiles), {@code sla_clocks_open} (clocks with a ladder step still to fire, counted in the
 * database every few seconds; the same in every replica) and {@code sla_scheduler_held_clocks}
 * (timers this replica holds).
 */
public final class SlaMetrics {
  private final Counter started;
  private final Counter touched;
  private final Counter warned;
  private final Counter breached;
  private final Counter escalated;
  private final Counter reassigned;
  private final Timer firingLag;
  private final AtomicLong open = new AtomicLong();

  private final MeterRegistry registry;

  public SlaMetrics(MeterRegistry registry, IntSupplier held) {
    this.registry = registry;
    started =
        Counter.builder("sla.clocks.started")
            .description("Clocks started (new assignments)")
            .register(registry);
    touched =
        Counter.builder("sla.clocks.touched")
            .description("First touches recorded")
            .register(registry);
    warned =
        Counter.builder("sla.clocks.warned")
            .description("Owners warned before the deadline")
            .register(registry);
    breached =
        Counter.builder("sla.clocks.breached")
            .description("Deadlines passed untouched")
            .register(registry);
    escalated =
        Counter.builder("sla.clocks.escalated").description("Managers alerted").register(registry);
    reassigned =
        Counter.builder("sla.clocks.reassigned")
            .description("Reassignments requested")
            .register(registry);
    firingLag =
        Timer.builder("sla.firing.lag")
            .description("Ladder step fired at minus due at")
            .publishPercentiles(0.5, 0.9, 0.99)
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("sla.clocks.open", open, AtomicLong::get)
        .description("Clocks with a ladder step still to fire")
        .register(registry);
    Gauge.builder("sla.scheduler.held.clocks", held, IntSupplier::getAsInt)
        .description("Clocks this replica holds as timers")
        .register(registry);
  }

  public void started() {
    started.increment();
  }

  /**
   * A first touch, and its speed-to-lead in {@code sla_time_to_first_touch_seconds} (histogram by
   * queue): the live speed-to-lead panel; per-rep reports come from ReportSpeedToLead.
   */
  public void touched(String queueId, java.time.Duration timeToTouch) {
    touched.increment();
    if (timeToTouch != null && !timeToTouch.isNegative()) {
      Timer.builder("sla.time.to.first.touch")
          .description("Assignment to first touch")
          .tag("queue", queueId == null || queueId.isEmpty() ? "none" : queueId)
          .publishPercentileHistogram()
          .minimumExpectedValue(java.time.Duration.ofSeconds(1))
          .maximumExpectedValue(java.time.Duration.ofDays(7))
          .register(registry)
          .record(timeToTouch);
    }
  }

  public void fired(Ladder.Action action, double lagMillis) {
    switch (action) {
      case NOTIFY_OWNER -> warned.increment();
      case MARK_BREACHED -> breached.increment();
      case NOTIFY_MANAGER, DIGEST_MANAGER -> escalated.increment();
      case REASSIGN -> reassigned.increment();
      case NO_MANAGER, SKIPPED_LATE -> {}
    }
    firingLag.record(Duration.ofNanos((long) (Math.max(0, lagMillis) * 1_000_000)));
  }

  public void open(long count) {
    open.set(count);
  }
}
