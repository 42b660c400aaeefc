package dev.leadrouter.notify;

import dev.leadrouter.notify.content.AckLinks;
import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.notify.crm.CrmWriteBack;
import dev.leadrouter.notify.delivery.ChannelPauses;
import dev.leadrouter.notify.delivery.DeliveryHandler;
import dev.leadrouter.notify.delivery.DeliveryRepository;
import dev.leadrouter.notify.delivery.DeliveryTopics;
import dev.leadrouter.notify.delivery.SharedRateLimiter;
import dev.leadrouter.notify.email.EmailSender;
import dev.leadrouter.notify.email.LeadEmailTemplate;
import dev.leadrouter.notify.grpc.NotifyGrpcService;
import dev.leadrouter.notify.http.HttpSend;
import dev.leadrouter.notify.slack.SlackSender;
import dev.leadrouter.notify.sms.SmsSuppressions;
import dev.leadrouter.notify.sms.TwilioCallbacks;
import dev.leadrouter.notify.sms.TwilioSender;
import dev.leadrouter.notify.webhook.StandardWebhookSignature;
import dev.leadrouter.notify.webhook.WebhookSender;
import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import dev.leadrouter.runtime.outbox.OutboxHandler;
import dev.leadrouter.runtime.outbox.OutboxRelay;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notify-service: the NotifyService gRPC API plus the relay that sends queued deliveries over
 * email, Slack, SMS and the CRM webhook.
 *
 * <p>Start order is templates, schema, pool, clients, relay, listeners, so nothing is accepted
 * before it can be stored and sent; stop runs the other way round and lets calls and sends in
 * flight finish.
 */
public final class NotifyVerticle extends VerticleBase {
  private final ServiceMetrics metrics = new ServiceMetrics("notify-service");
  private static final Logger log = LoggerFactory.getLogger(NotifyVerticle.class);

  private final Settings settings;
  private final Clock clock;
  private NotifyConfig config;
  private Pool pool;
  private EmailSender emailSender;
  private WebClient webClient;
  private OutboxRelay relay;
  private ServiceEndpoints endpoints;
  private ChannelPauses pauses;
  private SmsSuppressions suppressions;
  private long pauseRefreshTimer = -1;
  private CrmWriteBack crm;
  private DeliveryHandler.Collaborators collaborators;

  public NotifyVerticle(Settings settings) {
    this(settings, Clock.systemUTC());
  }

  NotifyVerticle(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    ApiKeys apiKeys;
    try {
      config = NotifyConfig.from(settings);
      apiKeys = ApiKeys.from(settings);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    log.info(
        "notify-service starting: database {}, mail via {}, {}, sms {}, {}",
        config.database(),
        config.smtp(),
        config.slack(),
        config.sms() == null ? "off" : config.sms(),
        config.webhook());
    // Templates are files: read and compiled off the event loop, once; a broken one stops start-up.
    return vertx
        .executeBlocking(() -> Templates.load(config.templatesDir()))
        .compose(
            templates ->
                Database.migrate(vertx, config.database())
                    .compose(
                        v -> {
                          pool = Database.pool(vertx, config.database());
                          DeliveryRepository deliveries = new DeliveryRepository(pool);
                          pauses =
                              new ChannelPauses(pool, config.pauseProbeInterval())
                                  .recordMetrics(metrics.registry());
                          suppressions = new SmsSuppressions(pool);
                          // Gauges follow the table, whichever replica paused or resumed. A failed
                          // read keeps the last values; readiness reports a database outage.
                          pauseRefreshTimer =
                              vertx.setPeriodic(1, 5_000, t -> pauses.refresh().onFailure(e -> {}));
                          crm = CrmWriteBack.create(vertx, settings, config, pool, clock, metrics);
                          relay =
                              new OutboxRelay(
                                  vertx,
                                  pool,
                                  config.database().connectOptions(),
                                  NotifyConfig.SCHEMA,
                                  crm.addHandlers(
                                      handlers(deliveries, templates),
                                      sender ->
                                          new DeliveryHandler(
                                              collaborators,
                                              sender,
                                              DeliveryTopics.forChannel(
                                                  dev.leadrouter.v1.Channel.CHANNEL_CRM_OWNER))),
                                  config.relay());
                          Notifications notifications =
                              new Notifications(
                                  deliveries,
                                  new DeliveryPlanner(config.channels(), capabilities()),
                                  relay::leasedWrites,
                                  crm.plan());
                          return relay
                              .start()
                              .compose(
                                  started ->
                                      ServiceEndpoints.start(
                                          vertx,
                                          config.endpoints(),
                                          apiKeys,
                                          List.of(
                                              NotifyGrpcService.create(
                                                  notifications, apiKeys, crm.ownerCheck())),
                                          this::ready,
                                          metrics,
                                          routes -> publicRoutes(routes, deliveries)));
                        }))
        .onSuccess(
            started -> {
              endpoints = started;
              log.info("notify-service listening: gRPC {} HTTP {}", grpcPort(), httpPort());
            });
  }

  private Map<String, OutboxHandler> handlers(DeliveryRepository deliveries, Templates templates) {
    emailSender =
        new EmailSender(
            MailClient.create(vertx, config.smtp().mailConfig()),
            config.smtp(),
            new LeadEmailTemplate(templates));
    webClient =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("leadrouter-notify")
                .setConnectTimeout((int) config.http().timeout().toMillis())
                .setFollowRedirects(false),
            new PoolOptions().setHttp1MaxSize(32));
    HttpSend http = new HttpSend(config.http(), clock);
    AckLinks ackLinks =
        config.ackSecret() == null
            ? AckLinks.none()
            : new AckLinks(
                new AckToken(config.ackSecret(), clock),
                config.ackBaseUrl(),
                config.ackTtl(),
                clock);
    DeliveryHandler.Collaborators with =
        collaborators =
            new DeliveryHandler.Collaborators(
                vertx,
                deliveries,
                ackLinks,
                new SharedRateLimiter(pool),
                pauses,
                config.maxRateWait(),
                config.retries(),
                clock,
                metrics.registry());
    Map<String, OutboxHandler> handlers = new HashMap<>();
    handlers.put(
        DeliveryTopics.EMAIL, new DeliveryHandler(with, emailSender, DeliveryTopics.EMAIL));
    handlers.put(
        DeliveryTopics.SLACK,
        new DeliveryHandler(
            with,
            new SlackSender(webClient, http, config.slack(), templates),
            DeliveryTopics.SLACK));
    if (config.sms() != null) {
      handlers.put(
          DeliveryTopics.SMS,
          new DeliveryHandler(
              with,
              new TwilioSender(webClient, http, config.sms(), templates, suppressions),
              DeliveryTopics.SMS));
    }
    if (config.webhook().configured()) {
      handlers.put(
          DeliveryTopics.WEBHOOK,
          new DeliveryHandler(
              with,
              new WebhookSender(
                  webClient,
                  http,
                  config.webhook(),
                  new StandardWebhookSignature(config.webhook().secrets()),
                  clock),
              DeliveryTopics.WEBHOOK));
    }
    return handlers;
  }

  /** Twilio's status callbacks and inbound messages, when notify has a public address. */
  private void publicRoutes(
      dev.leadrouter.runtime.host.DeclaredRoutes routes, DeliveryRepository deliveries) {
    if (config.sms() != null && config.sms().statusCallbackUrl() != null) {
      new TwilioCallbacks(config.sms(), deliveries, suppressions).mount(routes);
    }
  }

  private DeliveryPlanner.Capabilities capabilities() {
    return new DeliveryPlanner.Capabilities(
        config.slack().hasBot(),
        config.slack().hasWebhook(),
        config.sms() != null,
        config.webhook().host());
  }

  /** Ready when the database answers: without it Notify can store nothing. */
  private Future<Boolean> ready() {
    return pool.query("SELECT 1").execute().map(rows -> true);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pauseRefreshTimer);
    Future<Void> listenersDown =
        endpoints == null ? Future.succeededFuture() : endpoints.shutdown(config.endpoints());
    return listenersDown
        .eventually(() -> relay == null ? Future.succeededFuture() : relay.stop())
        .eventually(() -> emailSender == null ? Future.succeededFuture() : emailSender.close())
        .eventually(() -> crm == null ? Future.succeededFuture() : crm.close())
        .eventually(
            () -> {
              if (webClient != null) {
                webClient.close();
              }
              return Future.succeededFuture();
            })
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
