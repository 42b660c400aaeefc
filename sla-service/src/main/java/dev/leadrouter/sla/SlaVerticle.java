package dev.leadrouter.sla;

import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.sla.grpc.SlaGrpcService;
import dev.leadrouter.sla.report.SpeedToLeadReports;
import dev.leadrouter.sla.store.ClockRepository;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;

/** The SLA service: migrates its schema, then serves leadrouter.v1.SlaService and health endpoints. */
public final class SlaVerticle extends VerticleBase {
  private final ServiceMetrics metrics = new ServiceMetrics("sla-service");
  private final Settings settings;
  private final Clock clock;
  private SlaConfig config;
  private Pool pool;
  private ServiceEndpoints endpoints;

  public SlaVerticle(Settings settings) {
    this(settings, Clock.systemUTC());
  }

  /** With a fixed {@code clock}, tests decide what "now" is for defaults, validation and reports. */
  public SlaVerticle(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    config = SlaConfig.from(settings);
    ApiKeys apiKeys = ApiKeys.from(settings);
    return Database.migrate(vertx, config.database()).compose(migrated -> {
      pool = Database.pool(vertx, config.database());
      SlaClocks clocks = new SlaClocks(new ClockRepository(pool), new SpeedToLeadReports(pool), config.policy(), clock);
      var service = new SlaGrpcService(clocks, clock).binding(apiKeys);
      return ServiceEndpoints.start(vertx, config.endpoints(), List.of(service), this::ready, metrics, router -> { });
    }).onSuccess(started -> endpoints = started);
  }

  /** Ready while the database answers: without it every call would fail. */
  private Future<Boolean> ready() {
    return pool.query("SELECT 1").execute().map(rows -> true).otherwise(false);
  }

  @Override
  public Future<?> stop() {
    // Drain calls in flight first: they still need the pool.
    Future<Void> drained = endpoints == null ? Future.succeededFuture() : endpoints.shutdown(config.endpoints());
    return drained.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
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
}
