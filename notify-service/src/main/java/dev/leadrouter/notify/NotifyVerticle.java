package dev.leadrouter.notify;

import dev.leadrouter.notify.content.AckLinks;
import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.notify.crm.CrmWriteBack;
import dev.leadrouter.notify.delivery.ChannelSender;
import dev.leadrouter.notify.delivery.DeliveryHandler;
import dev.leadrouter.notify.delivery.DeliveryRepository;
import dev.leadrouter.notify.delivery.DeliveryTopics;
import dev.leadrouter.notify.email.EmailSender;
import dev.leadrouter.notify.email.LeadEmailTemplate;
import dev.leadrouter.notify.grpc.NotifyGrpcService;
import dev.leadrouter.notify.http.HttpSend;
import dev.leadrouter.notify.ratelimit.RateLimiter;
import dev.leadrouter.notify.slack.SlackSender;
import dev.leadrouter.notify.sms.TwilioSender;
import dev.leadrouter.notify.webhook.WebhookSender;
import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.auth.HmacSignature;
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
import java.time.Duration;
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
  private CrmWriteBack crm;

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
                                          handler(
                                              deliveries,
                                              sender,
                                              AckLinks.none(),
                                              RateLimiter.system())),
                                  config.relay());
                          Notifications notifications =
                              new Notifications(
                                  deliveries,
                                  new DeliveryPlanner(config.channels(), capabilities()),
                                  relay::kick,
                                  crm.plan());
                          return relay
                              .start()
                              .compose(
                                  started ->
                                      ServiceEndpoints.start(
                                          vertx,
                                          config.endpoints(),
                                          List.of(
                                              NotifyGrpcService.create(
                                                  notifications, apiKeys, crm.ownerCheck())),
                                          this::ready,
                                          metrics,
                                          router -> {}));
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
    RateLimiter limiter = RateLimiter.system();
    Map<String, OutboxHandler> handlers = new HashMap<>();
    handlers.put(DeliveryTopics.EMAIL, handler(deliveries, emailSender, ackLinks, limiter));
    handlers.put(
        DeliveryTopics.SLACK,
        handler(
            deliveries,
            new SlackSender(webClient, http, config.slack(), templates),
            ackLinks,
            limiter));
    if (config.sms() != null) {
      handlers.put(
          DeliveryTopics.SMS,
          handler(
              deliveries,
              new TwilioSender(webClient, http, config.sms(), templates),
              ackLinks,
              limiter));
    }
    if (config.webhook().configured()) {
      HmacSignature signature =
          new HmacSignature(config.webhook().secret(), Duration.ofMinutes(5), clock);
      handlers.put(
          DeliveryTopics.WEBHOOK,
          handler(
              deliveries,
              new WebhookSender(webClient, http, config.webhook(), signature),
              ackLinks,
              limiter));
    }
    return handlers;
  }

  private OutboxHandler handler(
      DeliveryRepository deliveries, ChannelSender sender, AckLinks ackLinks, RateLimiter limiter) {
    return new DeliveryHandler(
            vertx,
            deliveries,
            sender,
            ackLinks,
            limiter,
            config.maxRateWait(),
            config.maxAttempts(),
            clock)
        .recordMetrics(metrics.registry());
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
}
