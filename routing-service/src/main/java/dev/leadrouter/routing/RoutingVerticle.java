package dev.leadrouter.routing;

import dev.leadrouter.routing.crm.CrmUserSync;
import dev.leadrouter.routing.grpc.RoutingGrpcService;
import dev.leadrouter.routing.intake.CaptureNormalization;
import dev.leadrouter.routing.relay.Handoffs;
import dev.leadrouter.routing.snapshot.SnapshotCache;
import dev.leadrouter.routing.store.AssignmentRepository;
import dev.leadrouter.routing.store.MatrixRepository;
import dev.leadrouter.routing.store.RepRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.crm.HubSpotClient;
import dev.leadrouter.runtime.crm.HubSpotConfig;
import dev.leadrouter.runtime.crm.SalesforceClient;
import dev.leadrouter.runtime.crm.SalesforceConfig;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.grpc.GrpcPeers;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import dev.leadrouter.runtime.outbox.GrpcDelivery;
import dev.leadrouter.runtime.outbox.OutboxRelay;
import dev.leadrouter.v1.BatchNotifyRequest;
import dev.leadrouter.v1.BatchStartClockRequest;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyResult;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.StartClockRequest;
import dev.leadrouter.v1.StartClockResult;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * routing-service: decides who gets each lead, and relays the notification and SLA clock it owes.
 */
public final class RoutingVerticle extends VerticleBase {
  private final ServiceMetrics metrics = new ServiceMetrics("routing-service");
  private final Settings settings;
  private RoutingConfig config;
  private Pool pool;
  private GrpcPeers peers;
  private OutboxRelay relay;
  private ServiceEndpoints endpoints;
  private SnapshotCache snapshots;
  private CrmUserSync crmSync;
  private SalesforceClient salesforce;
  private HubSpotClient hubspot;
  private long crmSyncTimer = -1;
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(RoutingVerticle.class);

  public RoutingVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    config = RoutingConfig.from(settings);
    ApiKeys apiKeys = ApiKeys.from(settings);
    return Database.migrate(vertx, config.database())
        .compose(
            v -> {
              pool = Database.pool(vertx, config.database());
              peers = GrpcPeers.create(vertx, settings);
              relay =
                  new OutboxRelay(
                          vertx,
                          pool,
                          config.database().connectOptions(),
                          config.database().schema(),
                          Map.of(
                              Handoffs.NOTIFY_TOPIC,
                                  new GrpcDelivery<>(
                                          peers.client(),
                                          peers.address(config.notifyAddress()),
                                          config.internalApiKey(),
                                          NotifyServiceGrpcClient.Notify,
                                          NotifyRequest.parser(),
                                          config.callDeadline())
                                      .batchedAs(
                                          NotifyServiceGrpcClient.BatchNotify,
                                          requests ->
                                              BatchNotifyRequest.newBuilder()
                                                  .addAllRequests(requests)
                                                  .build(),
                                          response ->
                                              response.getResultsList().stream()
                                                  .map(NotifyResult::getError)
                                                  .toList()),
                              Handoffs.START_CLOCK_TOPIC,
                                  new GrpcDelivery<>(
                                          peers.client(),
                                          peers.address(config.slaAddress()),
                                          config.internalApiKey(),
                                          SlaServiceGrpcClient.StartClock,
                                          StartClockRequest.parser(),
                                          config.callDeadline())
                                      .batchedAs(
                                          SlaServiceGrpcClient.BatchStartClock,
                                          requests ->
                                              BatchStartClockRequest.newBuilder()
                                                  .addAllRequests(requests)
                                                  .build(),
                                          response ->
                                              response.getResultsList().stream()
                                                  .map(StartClockResult::getError)
                                                  .toList())),
                          config.relay())
                      .recordMetrics(metrics.registry());
              var assignments = new AssignmentRepository(pool);
              var matrices = new MatrixRepository(pool);
              var reps = new RepRepository(pool);
              snapshots =
                  new SnapshotCache(
                      vertx,
                      matrices,
                      reps,
                      config.database().connectOptions(),
                      config.snapshotRefresh());
              var routing =
                  new LeadRouting(
                      assignments,
                      snapshots,
                      relay::leasedWrites,
                      Clock.systemUTC(),
                      Counter.builder("routing.unroutable")
                          .description("Routes refused because no rep anywhere could take the lead")
                          .register(metrics.registry()));
              var admin = new RoutingAdmin(vertx, matrices, reps, snapshots);
              var reassignment = new Reassignment(routing, assignments);
              crmSync = crmUserSync(reps);
              return snapshots
                  .start()
                  .compose(x -> relay.start())
                  .compose(
                      x ->
                          ServiceEndpoints.start(
                              vertx,
                              config.endpoints(),
                              apiKeys,
                              List.of(
                                  new RoutingGrpcService(
                                          routing,
                                          new CaptureNormalization(
                                              peers.client(),
                                              peers.address(config.captureAddress()),
                                              config.internalApiKey(),
                                              config.callDeadline()),
                                          reassignment,
                                          admin,
                                          assignments,
                                          matrices,
                                          reps,
                                          new dev.leadrouter.routing.backtest.MatrixBacktest(
                                              vertx, snapshots, assignments, Clock.systemUTC()))
                                      .binding(apiKeys)
                                      .unary(
                                          dev.leadrouter.v1.RoutingServiceGrpcService.SyncCrmUsers,
                                          dev.leadrouter.runtime.auth.Role.ADMIN,
                                          crmSync::sync)),
                              () ->
                                  pool.query("SELECT 1").execute().map(r -> true).otherwise(false),
                              metrics,
                              routes -> {}));
            })
        .onSuccess(
            e -> {
              endpoints = e;
              startPeriodicCrmSync();
            });
  }

  /**
   * Rep-to-CRM-user sync with the CRMs this deployment connects to ({@code SALESFORCE_*}, {@code
   * HUBSPOT_*}).
   */
  private CrmUserSync crmUserSync(RepRepository reps) {
    SalesforceConfig sf = SalesforceConfig.from(settings);
    HubSpotConfig hs = HubSpotConfig.from(settings);
    if (sf != null) {
      salesforce =
          new SalesforceClient(vertx, sf, Clock.systemUTC()).recordMetrics(metrics.registry());
    }
    if (hs != null) {
      hubspot = new HubSpotClient(vertx, hs, Clock.systemUTC());
    }
    return new CrmUserSync(salesforce, hubspot, reps, () -> snapshots.reload());
  }

  /**
   * {@code ROUTING_CRM_SYNC_INTERVAL}: also sync on a timer (new hires get their ids without an
   * operator). Every replica syncs; the sync is idempotent.
   */
  private void startPeriodicCrmSync() {
    java.time.Duration every =
        settings.duration("ROUTING_CRM_SYNC_INTERVAL", java.time.Duration.ZERO);
    if (crmSync.anyConnected() && !every.isZero()) {
      crmSyncTimer =
          vertx.setPeriodic(
              every.toMillis(),
              id ->
                  crmSync
                      .sync(dev.leadrouter.v1.SyncCrmUsersRequest.getDefaultInstance())
                      .onFailure(
                          e -> log.warn("periodic CRM user sync failed: {}", e.getMessage())));
    }
  }

  @Override
  public Future<?> stop() {
    Future<Void> listeners =
        endpoints == null ? Future.succeededFuture() : endpoints.shutdown(config.endpoints());
    return listeners
        .eventually(() -> relay == null ? Future.succeededFuture() : relay.stop())
        .eventually(() -> snapshots == null ? Future.succeededFuture() : snapshots.stop())
        .eventually(
            () -> {
              if (crmSyncTimer >= 0) {
                vertx.cancelTimer(crmSyncTimer);
              }
              if (salesforce != null) {
                salesforce.close();
              }
              if (hubspot != null) {
                hubspot.close();
              }
              return Future.succeededFuture();
            })
        .eventually(() -> peers == null ? Future.succeededFuture() : peers.close())
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  /** This service's meters, also served at {@code /metrics}. */
  public ServiceMetrics metrics() {
    return metrics;
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
