package dev.leadrouter.sla;

import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.sla.clock.NewClock;
import dev.leadrouter.sla.clock.SlaClock;
import dev.leadrouter.sla.clock.SlaPolicy;
import dev.leadrouter.sla.clock.Touch;
import dev.leadrouter.sla.report.SpeedToLeadPage;
import dev.leadrouter.sla.report.SpeedToLeadQuery;
import dev.leadrouter.sla.report.SpeedToLeadReports;
import dev.leadrouter.sla.store.ClockRepository;
import io.vertx.core.Future;
import java.time.Clock;

/** What the SLA service does with clocks, independent of how it is called. */
public final class SlaClocks {
  private final ClockRepository repository;
  private final SpeedToLeadReports reports;
  private final SlaPolicy policy;
  private final Clock clock;

  public SlaClocks(ClockRepository repository, SpeedToLeadReports reports, SlaPolicy policy, Clock clock) {
    this.repository = repository;
    this.reports = reports;
    this.policy = policy;
    this.clock = clock;
  }

  /** Starts the assignment's clock, or returns its existing clock unchanged (StartClock is retried). */
  public Future<SlaClock> start(NewClock request) {
    return repository.start(request, policy.policyId(),
        policy.scheduleFor(request.assignedAt(), request.targetOverride()));
  }

  /** Records the first touch; later touches return the clock as it is. */
  public Future<SlaClock> touch(Touch touch) {
    return repository.touch(touch.assignmentId(), current -> current.touched(touch));
  }

  public Future<SlaClock> get(String assignmentId) {
    return repository.find(assignmentId).map(found -> found.orElseThrow(
        () -> new NotFoundException("no clock for assignment " + assignmentId)));
  }

  public Future<SpeedToLeadPage> speedToLead(SpeedToLeadQuery query) {
    return reports.run(query, clock.instant());
  }
}
