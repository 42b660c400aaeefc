package dev.leadrouter.sla;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.sla.businesshours.BusinessCalendar;
import dev.leadrouter.sla.clock.ClockSchedule;
import dev.leadrouter.sla.clock.NewClock;
import dev.leadrouter.sla.clock.SlaClock;
import dev.leadrouter.sla.clock.SlaPolicy;
import dev.leadrouter.sla.clock.Touch;
import dev.leadrouter.sla.policy.PolicyBook;
import dev.leadrouter.sla.report.SpeedToLeadPage;
import dev.leadrouter.sla.report.SpeedToLeadQuery;
import dev.leadrouter.sla.report.SpeedToLeadReports;
import dev.leadrouter.sla.store.ClockRepository;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/** What the SLA service does with clocks, independent of how it is called. */
public final class SlaClocks {
  /** What happens besides the database: metrics, waking the scheduler, waking the outbox relay. */
  public interface Events {
    void started(SlaClock clock);

    void touched(SlaClock clock);

    Events NONE =
        new Events() {
          @Override
          public void started(SlaClock clock) {}

          @Override
          public void touched(SlaClock clock) {}
        };
  }

  private final ClockRepository repository;
  private final SpeedToLeadReports reports;
  private final PolicyBook policies;
  private final Clock clock;
  private final Events events;

  public SlaClocks(
      ClockRepository repository,
      SpeedToLeadReports reports,
      PolicyBook policies,
      Clock clock,
      Events events) {
    this.repository = repository;
    this.reports = reports;
    this.policies = policies;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Starts the assignment's clock under the first policy whose rule matches, or returns its
   * existing clock unchanged (StartClock is retried). A business-hours policy counts the owner's
   * working hours when routing sent them, else runs around the clock.
   */
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SlaClocks.class);

  public Future<SlaClock> start(NewClock request) {
    return startAll(List.of(request)).map(all -> all.get(0));
  }

  /**
   * {@link #start} for several clocks in one transaction, one commit for all (BatchStartClock); the
   * clocks in the order given.
   */
  public Future<List<SlaClock>> startAll(List<NewClock> requests) {
    List<ClockRepository.Start> starts = requests.stream().map(this::planned).toList();
    return repository
        .startAll(starts)
        .map(
            all -> {
              for (int i = 0; i < all.size(); i++) {
                if (all.get(i).created()) {
                  events.started(all.get(i).clock());
                  log.info(
                      "SLA clock started {} {} {}",
                      kv("lead_id", requests.get(i).leadId()),
                      kv("assignment_id", requests.get(i).assignmentId()),
                      kv("policy_id", starts.get(i).policyId()));
                }
              }
              return all.stream().map(ClockRepository.Started::clock).toList();
            });
  }

  /** The policy this clock falls under and the schedule it gives from the assignment. */
  private ClockRepository.Start planned(NewClock request) {
    SlaPolicy policy = policies.choose(request.facts());
    BusinessCalendar calendar = policy.businessHours() ? request.workingHours() : null;
    ClockSchedule schedule =
        policy.scheduleFor(request.assignedAt(), request.targetOverride(), calendar);
    return new ClockRepository.Start(request, policy.policyId(), schedule, calendar != null);
  }

  /** GDPR erasure: the lead's clocks keep their times, not the person. */
  public Future<dev.leadrouter.v1.ForgetLeadResponse> forgetLead(String leadId) {
    return repository.forgetLead(leadId);
  }

  /** Records the first touch; later touches return the clock as it is. */
  public Future<SlaClock> touch(Touch touch) {
    return touchRecorded(touch).map(ClockRepository.Touched::clock);
  }

  /** Like {@link #touch}, also telling whether this touch was the first. */
  public Future<ClockRepository.Touched> touchRecorded(Touch touch) {
    return repository
        .touch(touch.assignmentId(), current -> current.touched(touch))
        .onSuccess(
            t -> {
              if (t.recorded()) {
                events.touched(t.clock());
              }
            });
  }

  /** The assignment of the lead's latest clock; NOT_FOUND when the lead has none. */
  public Future<String> latestAssignmentOfLead(String leadId) {
    return repository
        .latestAssignmentOfLead(leadId)
        .map(
            found -> found.orElseThrow(() -> new NotFoundException("no clock for lead " + leadId)));
  }

  public Future<SlaClock> get(String assignmentId) {
    return repository
        .find(assignmentId)
        .map(
            found ->
                found.orElseThrow(
                    () -> new NotFoundException("no clock for assignment " + assignmentId)));
  }

  public Future<SpeedToLeadPage> speedToLead(SpeedToLeadQuery query) {
    return reports.run(query, clock.instant());
  }

  public Clock clock() {
    return clock;
  }
}
