package dev.leadrouter.sla.scheduler;

import dev.leadrouter.sla.outbound.Handoffs;
import dev.leadrouter.sla.store.WeeklyReportRepository;
import dev.leadrouter.sla.weekly.BreachReport;
import dev.leadrouter.sla.weekly.WeeklySchedule;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the weekly breach report to every manager whose team had clocks due in the week. Every
 * replica checks every {@code checkEvery}; the period's row in {@code weekly_reports} makes sure
 * one of them sends it, once. Only the latest due period is sent: a deployment down for two weeks
 * sends last week's report when it comes back, not a backlog.
 */
public final class WeeklyReportJob {
  private static final Logger log = LoggerFactory.getLogger(WeeklyReportJob.class);
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final Vertx vertx;
  private final WeeklyReportRepository repository;
  private final WeeklySchedule schedule;
  private final Clock clock;
  private final Duration checkEvery;
  private final Runnable sent;
  private final String owner = "weekly-" + UUID.randomUUID();
  private long timer = -1;
  private boolean running;

  public WeeklyReportJob(
      Vertx vertx,
      WeeklyReportRepository repository,
      WeeklySchedule schedule,
      Clock clock,
      Duration checkEvery,
      Runnable sent) {
    this.vertx = vertx;
    this.repository = repository;
    this.schedule = schedule;
    this.clock = clock;
    this.checkEvery = checkEvery;
    this.sent = sent;
  }

  public void start() {
    timer = vertx.setPeriodic(1, checkEvery.toMillis(), id -> check());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    if (running) {
      return;
    }
    running = true;
    WeeklySchedule.Period period = schedule.latestDue(clock.instant());
    String reportId = BreachReport.reportId(period);
    repository
        .sendOnce(
            period,
            owner,
            LEASE,
            reps ->
                Handoffs.weeklyReport(
                    reportId,
                    reps.get(0).managerRepId(),
                    BreachReport.compose(period, schedule.zone(), reps))
                    .toBuilder())
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed()) {
                log.warn(
                    "weekly SLA report for the week to {} not sent yet: {}",
                    period.end(),
                    ar.cause().toString());
              } else if (ar.result() > 0) {
                log.info(
                    "weekly SLA report for the week to {} queued for {} managers",
                    period.end(),
                    ar.result());
                sent.run();
              }
            });
  }
}
