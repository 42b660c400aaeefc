package dev.leadrouter.sla;

import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.HmacSignature;
import dev.leadrouter.runtime.auth.SeenSignatures;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.grpc.GrpcPeers;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import dev.leadrouter.runtime.outbox.OutboxRelay;
import dev.leadrouter.sla.clock.SlaClock;
import dev.leadrouter.sla.crm.ReassignmentHolds;
import dev.leadrouter.sla.grpc.SlaGrpcService;
import dev.leadrouter.sla.metrics.SlaMetrics;
import dev.leadrouter.sla.outbound.Handoffs;
import dev.leadrouter.sla.outbound.PeerCalls;
import dev.leadrouter.sla.outbound.ReassignDelivery;
import dev.leadrouter.sla.outbound.RepNotificationDelivery;
import dev.leadrouter.sla.outbound.UnaryDelivery;
import dev.leadrouter.sla.report.SpeedToLeadReports;
import dev.leadrouter.sla.scheduler.ClockScheduler;
import dev.leadrouter.sla.scheduler.EscalationDigests;
import dev.leadrouter.sla.scheduler.WeeklyReportJob;
import dev.leadrouter.sla.store.ClockRepository;
import dev.leadrouter.sla.store.DigestRepository;
import dev.leadrouter.sla.store.LadderRepository;
import dev.leadrouter.sla.store.WeeklyReportRepository;
import dev.leadrouter.sla.touch.TouchRoutes;
import dev.leadrouter.v1.RecordFirstTouchRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The SLA service: migrates its schema, then serves leadrouter.v1.SlaService, the touch routes and
 * health endpoints, fires ladder steps ({@link ClockScheduler}), relays its outbox to notify and
 * routing, and sends the weekly breach report.
 */
public final class SlaVerticle extends VerticleBase {
  private final ServiceMetrics metrics = new ServiceMetrics("sla-service");
  private final Settings settings;
  private final Clock clock;
  private SlaConfig config;
  private Pool pool;
  private ReassignmentHolds holds;
  private GrpcPeers peers;
  private OutboxRelay relay;
  private ClockScheduler scheduler;
  private WeeklyReportJob weeklyReports;
  private EscalationDigests digests;
  private SlaMetrics slaMetrics;
  private ServiceEndpoints endpoints;
  private long openClocksTimer = -1;

  public SlaVerticle(Settings settings) {
    this(settings, Clock.systemUTC());
  }

  /**
   * With a fixed {@code clock}, tests decide what "now" is for defaults, validation, reports and
   * the weekly report's period. Ladder steps always fire on the database's clock.
   */
  public SlaVerticle(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    config = SlaConfig.from(settings);
    ApiKeys apiKeys = ApiKeys.from(settings);
    AckToken ackTokens =
        config.ackSecret() == null ? null : new AckToken(config.ackSecret(), clock);
    HmacSignature webhookSignature =
        config.webhookSecret() == null
            ? null
            : new HmacSignature(
                config.webhookSecret(),
                Duration.ofMinutes(5),
                clock,
                new SeenSignatures(100_000, clock));
    return Database.migrate(vertx, config.database())
        .compose(
            migrated -> {
              pool = Database.pool(vertx, config.database());
              holds = new ReassignmentHolds(pool);
              peers = GrpcPeers.create(vertx, settings);
              relay =
                  new OutboxRelay(
                      vertx,
                      pool,
                      config.database().connectOptions(),
                      config.database().schema(),
                      outboxHandlers(),
                      config.relay());
              LadderRepository ladder = new LadderRepository(pool, config.catchUp());
              scheduler =
                  new ClockScheduler(
                      vertx,
                      ladder,
                      config.scheduler(),
                      fired -> {
                        slaMetrics.fired(fired.action(), fired.lagMillis());
                        relay.kick();
                      });
              slaMetrics = new SlaMetrics(metrics.registry(), scheduler::heldCount);
              SlaClocks clocks =
                  new SlaClocks(
                      new ClockRepository(pool),
                      new SpeedToLeadReports(pool),
                      config.policies(),
                      clock,
                      events());
              var service = new SlaGrpcService(clocks, clock, ackTokens).binding(apiKeys, holds);
              TouchRoutes touchRoutes = new TouchRoutes(clocks, ackTokens, webhookSignature);
              weeklyReports =
                  new WeeklyReportJob(
                      vertx,
                      new WeeklyReportRepository(pool),
                      config.weeklySchedule(),
                      clock,
                      config.weeklyReportCheck(),
                      relay::kick);
              digests =
                  new EscalationDigests(
                      vertx,
                      new DigestRepository(pool),
                      config.digests(),
                      clock,
                      config.digestCheck(),
                      relay::kick);
              return relay
                  .start()
                  .compose(
                      v ->
                          ServiceEndpoints.start(
                              vertx,
                              config.endpoints(),
                              apiKeys,
                              List.of(service),
                              this::ready,
                              metrics,
                              touchRoutes::mount));
            })
        .onSuccess(
            started -> {
              endpoints = started;
              scheduler.start();
              if (config.weeklyReportEnabled()) {
                weeklyReports.start();
              }
              digests.start();
              openClocksTimer = vertx.setPeriodic(10, 15_000, id -> countOpenClocks());
            });
  }

  private Map<String, dev.leadrouter.runtime.outbox.OutboxHandler> outboxHandlers() {
    PeerCalls routing =
        new PeerCalls(
            peers.client(),
            peers.address(config.routingAddress()),
            config.internalApiKey(),
            config.callDeadline());
    PeerCalls notify =
        new PeerCalls(
            peers.client(),
            peers.address(config.notifyAddress()),
            config.internalApiKey(),
            config.callDeadline());
    return Map.of(
        Handoffs.NOTIFY_REPS_TOPIC, new RepNotificationDelivery(routing, notify),
        Handoffs.REASSIGN_TOPIC, new ReassignDelivery(routing, notify, holds),
        Handoffs.FIRST_TOUCH_TOPIC,
            new UnaryDelivery<>(
                routing,
                RoutingServiceGrpcClient.RecordFirstTouch,
                RecordFirstTouchRequest.parser()));
  }

  private SlaClocks.Events events() {
    return new SlaClocks.Events() {
      @Override
      public void started(SlaClock started) {
        slaMetrics.started();
        // A clock due within the scheduler's horizon is claimed now, not at the next poll.
        if (started.nextFireAt() != null
            && !started.nextFireAt().isAfter(Instant.now().plus(config.scheduler().horizon()))) {
          vertx.eventBus().publish(ClockScheduler.KICK_ADDRESS, null);
        }
      }

      @Override
      public void touched(SlaClock touched) {
        slaMetrics.touched(touched.queueId(), touched.timeToTouch());
        relay.kick();
      }
    };
  }

  private void countOpenClocks() {
    pool.query("SELECT count(*) FROM clocks WHERE next_fire_at IS NOT NULL")
        .execute()
        .onSuccess(rows -> slaMetrics.open(rows.iterator().next().getLong(0)));
  }

  /** Ready while the database answers: without it every call would fail. */
  private Future<Boolean> ready() {
    return pool.query("SELECT 1").execute().map(rows -> true).otherwise(false);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(openClocksTimer);
    if (weeklyReports != null) {
      weeklyReports.stop();
    }
    if (digests != null) {
      digests.stop();
    }
    // Drain calls in flight first: they still need the pool. Then hand clock leases back so another
    // replica fires them at once instead of after the lease.
    Future<Void> drained =
        endpoints == null ? Future.succeededFuture() : endpoints.shutdown(config.endpoints());
    return drained
        .eventually(() -> scheduler == null ? Future.succeededFuture() : scheduler.stop())
        .eventually(() -> relay == null ? Future.succeededFuture() : relay.stop())
        .eventually(() -> peers == null ? Future.succeededFuture() : peers.close())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  /** This service's meters, also served at {@code /metrics}. */
  public ServiceMetrics metrics() {
    return metrics;
  }

  /** The escalation digest job of this instance. */
  public EscalationDigests escalationDigests() {
    return digests;
  }

  /** The ladder scheduler of this instance (tests look at its lease owner name). */
  public ClockScheduler scheduler() {
    return scheduler;
  }

  public int grpcPort() {
    return endpoints.grpcPort();
  }

  public int httpPort() {
    return endpoints.httpPort();
  }

  public int managementPort() {
    return endpoints.managementPort();
  }

  /** The listeners, with every endpoint's declared access (endpoint enumeration test). */
  public dev.leadrouter.runtime.host.ServiceEndpoints endpoints() {
    return endpoints;
  }
}
