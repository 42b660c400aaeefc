package dev.leadrouter.notify;

import dev.leadrouter.notify.delivery.DeliveryRepository;
import dev.leadrouter.notify.delivery.DeliveryTopics;
import dev.leadrouter.notify.email.EmailDeliveryHandler;
import dev.leadrouter.notify.email.EmailSender;
import dev.leadrouter.notify.email.LeadEmailTemplate;
import dev.leadrouter.notify.grpc.NotifyGrpcService;
import dev.leadrouter.runtime.auth.ApiKeys;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.host.ServiceEndpoints;
import dev.leadrouter.runtime.outbox.OutboxRelay;
import dev.leadrouter.runtime.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mail.MailClient;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * notify-service: the NotifyService gRPC API plus the relay that sends queued deliveries.
 *
 * <p>Start order is schema, pool, mail client, relay, listeners, so nothing is accepted before it
 * can be stored and sent; stop runs the other way round and lets calls and sends in flight finish.
 */
public final class NotifyVerticle extends VerticleBase {
  private final ServiceMetrics metrics = new ServiceMetrics("notify-service");
  private static final Logger log = LoggerFactory.getLogger(NotifyVerticle.class);

  private final Settings settings;
  private NotifyConfig config;
  private Pool pool;
  private EmailSender emailSender;
  private OutboxRelay relay;
  private ServiceEndpoints endpoints;

  public NotifyVerticle(Settings settings) {
    this.settings = settings;
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
    log.info("notify-service starting: database {}, mail via {}", config.database(), config.smtp());
    return Database.migrate(vertx, config.database()).compose(v -> {
      pool = Database.pool(vertx, config.database());
      DeliveryRepository deliveries = new DeliveryRepository(pool);
      emailSender = new EmailSender(MailClient.create(vertx, config.smtp().mailConfig()), config.smtp());
      EmailDeliveryHandler emailHandler =
          new EmailDeliveryHandler(deliveries, emailSender, new LeadEmailTemplate(), config.maxAttempts());
      relay = new OutboxRelay(vertx, pool, config.database().connectOptions(), NotifyConfig.SCHEMA,
          Map.of(DeliveryTopics.EMAIL, emailHandler), config.relay());
      Notifications notifications = new Notifications(deliveries, relay::kick);
      return relay.start().compose(started -> ServiceEndpoints.start(vertx, config.endpoints(),
          List.of(NotifyGrpcService.create(notifications, apiKeys)), this::ready, metrics, router -> {}));
    }).onSuccess(started -> {
      endpoints = started;
      log.info("notify-service listening: gRPC {} HTTP {}", grpcPort(), httpPort());
    });
  }

  /** Ready when the database answers: without it Notify can store nothing. */
  private Future<Boolean> ready() {
    return pool.query("SELECT 1").execute().map(rows -> true);
  }

  @Override
  public Future<?> stop() {
    Future<Void> listenersDown = endpoints == null ? Future.succeededFuture() : endpoints.shutdown(config.endpoints());
    return listenersDown
        .eventually(() -> relay == null ? Future.succeededFuture() : relay.stop())
        .eventually(() -> emailSender == null ? Future.succeededFuture() : emailSender.close())
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
