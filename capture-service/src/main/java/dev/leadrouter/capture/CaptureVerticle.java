package dev.leadrouter.capture;

import dev.leadrouter.capture.grpc.CaptureGrpcService;
import dev.leadrouter.capture.http.LeadHttpApi;
import dev.leadrouter.capture.store.LeadRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.runtime.outbox.GrpcDelivery;
import dev.leadrouter.runtime.outbox.OutboxRelay;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** capture-service: the HTTP and gRPC front doors for leads, and the relay that hands them to routing. */
public final class CaptureVerticle extends VerticleBase {
  private final ServiceMetrics metrics = new ServiceMetrics("capture-service");
  private final Settings settings;
  private CaptureConfig config;
  private Pool pool;
  private GrpcClient grpcClient;
  private OutboxRelay relay;
  private ServiceEndpoints endpoints;
  private LeadRepository repository;

  public CaptureVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    config = CaptureConfig.from(settings);
    ApiKeys apiKeys = ApiKeys.from(settings);
    return Database.migrate(vertx, config.database()).compose(v -> {
      pool = Database.pool(vertx, config.database());
      grpcClient = GrpcClient.client(vertx);
      repository = new LeadRepository(pool);
      SocketAddress routing = SocketAddress.inetSocketAddress(config.routingAddress().port(), config.routingAddress().host());
      relay = new OutboxRelay(vertx, pool, config.database().connectOptions(), config.database().schema(),
          Map.of(LeadRepository.ROUTE_TOPIC, new GrpcDelivery<>(grpcClient, routing, config.internalApiKey(),
              RoutingServiceGrpcClient.Route, RouteRequest.parser(), config.routingDeadline())),
          config.relay()).recordMetrics(metrics.registry());
      LeadIntake intake = new LeadIntake(repository, relay::kick, Clock.systemUTC());
      LeadHttpApi httpApi = new LeadHttpApi(intake, apiKeys, config.maxBodyBytes());
      return relay.start().compose(x -> ServiceEndpoints.start(vertx, config.endpoints(),
          List.of(new CaptureGrpcService(intake, repository).binding(apiKeys)),
          () -> pool.query("SELECT 1").execute().map(r -> true).otherwise(false),
          metrics, httpApi::mount));
    }).onSuccess(e -> endpoints = e);
  }

  @Override
  public Future<?> stop() {
    Future<Void> listeners = endpoints == null ? Future.succeededFuture() : endpoints.shutdown(config.endpoints());
    return listeners
        .eventually(() -> relay == null ? Future.succeededFuture() : relay.stop())
        .eventually(() -> grpcClient == null ? Future.succeededFuture() : grpcClient.close())
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

  /** For tests and the standalone runner's summary. */
  public LeadRepository leads() {
    return repository;
  }
}
