package dev.leadrouter.capture;

import dev.leadrouter.capture.account.AccountDirectory;
import dev.leadrouter.capture.crm.CrmInbound;
import dev.leadrouter.capture.crm.CrmInboundConfig;
import dev.leadrouter.capture.enrich.FirmographicsTable;
import dev.leadrouter.capture.enrich.HttpEnrichmentProvider;
import dev.leadrouter.capture.enrich.LeadEnrichment;
import dev.leadrouter.capture.grpc.CaptureGrpcService;
import dev.leadrouter.capture.http.CaptureHttpRoutes;
import dev.leadrouter.capture.lead.LeadNormalizer;
import dev.leadrouter.capture.owner.RepeatActivityNotice;
import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.capture.source.SourcesFile;
import dev.leadrouter.capture.source.Vocabularies;
import dev.leadrouter.capture.store.CaptureGroupCommit;
import dev.leadrouter.capture.store.ErasureRepository;
import dev.leadrouter.capture.store.LeadRepository;
import dev.leadrouter.capture.store.SeenSignatureRepository;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.grpc.GrpcPeers;
import dev.leadrouter.runtime.grpc.ServiceAddress;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import dev.leadrouter.runtime.outbox.GrpcDelivery;
import dev.leadrouter.runtime.outbox.OutboxRelay;
import dev.leadrouter.v1.BatchRouteRequest;
import dev.leadrouter.v1.ForgetLeadRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RouteResult;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * capture-service: the HTTP and gRPC front doors for leads, and the relay that hands them to
 * routing (and repeat-activity notices to the owner).
 */
public final class CaptureVerticle extends VerticleBase {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(CaptureVerticle.class);

  private final ServiceMetrics metrics = new ServiceMetrics("capture-service");
  private final Settings settings;
  private CaptureConfig config;
  private Pool pool;
  private GrpcPeers peers;
  private OutboxRelay relay;
  private ServiceEndpoints endpoints;
  private LeadRepository repository;
  private ErasureRepository erasures;
  private SeenSignatureRepository seenSignatures;
  private long purgeTimer = -1;
  private HttpEnrichmentProvider enrichmentProvider;
  private CrmInbound crm;

  /** Reference data read from files at start, and the normalizer indexed from it. */
  private record Tables(
      Map<String, SourceConfig> sources,
      LeadNormalizer normalizer,
      FirmographicsTable firmographics,
      AccountDirectory accounts) {}

  public CaptureVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    config = CaptureConfig.from(settings);
    ApiKeys configuredKeys = ApiKeys.from(settings);
    Future<Tables> tables = vertx.executeBlocking(this::loadTables, false);
    return tables
        .compose(t -> Database.migrate(vertx, config.database()).map(t))
        .compose(
            t -> {
              ApiKeys apiKeys = configuredKeys.boundToSources(sourceCallers(t.sources()));
              pool = Database.pool(vertx, config.database());
              peers = GrpcPeers.create(vertx, settings);
              Clock clock = Clock.systemUTC();
              repository = new LeadRepository(pool, config.dedupeWindow(), clock);
              erasures = new ErasureRepository(pool);
              seenSignatures = new SeenSignatureRepository(pool);
              // Accepted signatures outlive their window by at most a minute.
              purgeTimer =
                  vertx.setPeriodic(
                      60_000,
                      id ->
                          seenSignatures
                              .purgeExpired()
                              .onFailure(
                                  e ->
                                      log.warn("expired signatures not purged: {}", e.toString())));
              ServiceAddress routing = peers.address(config.routingAddress());
              ServiceAddress notify = peers.address(config.notifyAddress());
              relay =
                  new OutboxRelay(
                          vertx,
                          pool,
                          config.database().connectOptions(),
                          config.database().schema(),
                          Map.of(
                              LeadRepository.ROUTE_TOPIC,
                                  new GrpcDelivery<>(
                                          peers.client(),
                                          routing,
                                          config.internalApiKey(),
                                          RoutingServiceGrpcClient.Route,
                                          RouteRequest.parser(),
                                          config.routingDeadline())
                                      .batchedAs(
                                          RoutingServiceGrpcClient.BatchRoute,
                                          requests ->
                                              BatchRouteRequest.newBuilder()
                                                  .addAllRequests(requests)
                                                  .build(),
                                          response ->
                                              response.getResultsList().stream()
                                                  .map(RouteResult::getError)
                                                  .toList()),
                              LeadRepository.REPEAT_ACTIVITY_TOPIC,
                                  new RepeatActivityNotice(
                                      peers.client(),
                                      routing,
                                      notify,
                                      config.internalApiKey(),
                                      config.routingDeadline()),
                              ErasureRepository.FORGET_IN_ROUTING,
                                  new GrpcDelivery<>(
                                      peers.client(),
                                      routing,
                                      config.internalApiKey(),
                                      RoutingServiceGrpcClient.ForgetLead,
                                      ForgetLeadRequest.parser(),
                                      config.routingDeadline()),
                              ErasureRepository.FORGET_IN_NOTIFY,
                                  new GrpcDelivery<>(
                                      peers.client(),
                                      notify,
                                      config.internalApiKey(),
                                      NotifyServiceGrpcClient.ForgetLead,
                                      ForgetLeadRequest.parser(),
                                      config.routingDeadline()),
                              ErasureRepository.FORGET_IN_SLA,
                                  new GrpcDelivery<>(
                                      peers.client(),
                                      peers.address(config.slaAddress()),
                                      config.internalApiKey(),
                                      SlaServiceGrpcClient.ForgetLead,
                                      ForgetLeadRequest.parser(),
                                      config.routingDeadline())),
                          config.relay())
                      .recordMetrics(metrics.registry());
              if (config.enrichmentUrl() != null) {
                enrichmentProvider =
                    new HttpEnrichmentProvider(
                        vertx, config.enrichmentUrl(), config.enrichmentTimeout());
              }
              LeadIntake intake =
                  new LeadIntake(
                      new CaptureGroupCommit(
                          repository, relay::leasedWrites, config.database().poolSize()),
                      new LeadEnrichment(t.firmographics(), enrichmentProvider),
                      t.accounts(),
                      t.normalizer(),
                      clock);
              CaptureHttpRoutes http =
                  new CaptureHttpRoutes(
                      intake,
                      apiKeys,
                      erasures,
                      seenSignatures,
                      t.sources(),
                      config,
                      metrics.registry(),
                      clock);
              crm =
                  new CrmInbound(
                      vertx,
                      CrmInboundConfig.from(settings),
                      pool,
                      intake,
                      metrics.registry(),
                      config.maxBodyBytes(),
                      clock);
              return relay
                  .start()
                  .compose(
                      x ->
                          ServiceEndpoints.start(
                              vertx,
                              config.endpoints(),
                              apiKeys,
                              List.of(
                                  new CaptureGrpcService(intake, repository, erasures)
                                      .binding(apiKeys)),
                              () ->
                                  pool.query("SELECT 1").execute().map(r -> true).otherwise(false),
                              metrics,
                              router -> {
                                http.mount(router);
                                crm.mount(router);
                              }));
            })
        .onSuccess(
            e -> {
              endpoints = e;
              crm.start();
            });
  }

  /**
   * The ingest callers that sources name: their keys are bound to those sources, so a form's key
   * that sits in public HTML cannot post leads through the generic doors.
   */
  private static Set<String> sourceCallers(Map<String, SourceConfig> sources) {
    Set<String> callers = new HashSet<>();
    sources.values().stream()
        .map(SourceConfig::apiKeyCaller)
        .filter(Objects::nonNull)
        .forEach(callers::add);
    return callers;
  }

  private Tables loadTables() throws IOException {
    byte[] sourcesYaml;
    if (config.sourcesFile() != null) {
      sourcesYaml = Files.readAllBytes(Path.of(config.sourcesFile()));
    } else {
      try (InputStream in = CaptureVerticle.class.getResourceAsStream("/capture/sources.yaml")) {
        sourcesYaml = in.readAllBytes();
      }
    }
    Map<String, SourceConfig> sources = SourcesFile.parse(sourcesYaml, settings::optional);
    return new Tables(
        sources,
        normalizer(Vocabularies.parse(sourcesYaml, sources.keySet())),
        config.firmographicsFile() == null
            ? FirmographicsTable.empty()
            : FirmographicsTable.parse(Files.readAllBytes(Path.of(config.firmographicsFile()))),
        config.accountsFile() == null
            ? AccountDirectory.empty()
            : AccountDirectory.parse(Files.readAllBytes(Path.of(config.accountsFile()))));
  }

  /**
   * Built here, on a worker thread: its country and subdivision tables (every CLDR language, every
   * ISO 3166-2 name) take a moment to index and must not hold up an event loop.
   */
  private static LeadNormalizer normalizer(Vocabularies vocabularies) {
    LeadNormalizer normalizer =
        new LeadNormalizer(vocabularies.productInterests(), vocabularies.sourceIds());
    normalizer.normalize(dev.leadrouter.v1.Lead.getDefaultInstance());
    return normalizer;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(purgeTimer);
    Future<Void> listeners =
        endpoints == null ? Future.succeededFuture() : endpoints.shutdown(config.endpoints());
    return listeners
        .eventually(() -> crm == null ? Future.succeededFuture() : crm.stop())
        .eventually(() -> relay == null ? Future.succeededFuture() : relay.stop())
        .eventually(
            () ->
                enrichmentProvider == null ? Future.succeededFuture() : enrichmentProvider.close())
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
  public ServiceEndpoints endpoints() {
    return endpoints;
  }

  /** For tests and the standalone runner's summary. */
  public LeadRepository leads() {
    return repository;
  }

  /** For tests: capture's CRM inbox. */
  public CrmInbound crm() {
    return crm;
  }

  public ErasureRepository erasures() {
    return erasures;
  }
}
