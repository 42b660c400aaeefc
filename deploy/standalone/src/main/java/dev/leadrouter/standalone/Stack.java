package dev.leadrouter.standalone;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.notify.NotifyVerticle;
import dev.leadrouter.routing.RoutingVerticle;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.sla.SlaVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The four services deployed as separate verticles in one Vert.x instance, each on its own ports,
 * talking to each other over gRPC exactly as separate processes would. Deployed downstream first so
 * every service finds its callee listening.
 */
public final class Stack {
  private final Vertx vertx;
  private final Settings settings;
  private final Map<Deployable, String> deploymentIds = new ConcurrentHashMap<>();
  public final SlaVerticle sla;
  public final NotifyVerticle notify;
  public final RoutingVerticle routing;
  public final CaptureVerticle capture;

  public Stack(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.sla = new SlaVerticle(settings);
    this.notify = new NotifyVerticle(settings);
    this.routing = new RoutingVerticle(settings);
    this.capture = new CaptureVerticle(settings);
  }

  public Future<Stack> deploy() {
    return deploy(sla)
        .compose(v -> deploy(notify))
        .compose(v -> deploy(routing))
        .compose(v -> deploy(capture))
        .map(v -> this);
  }

  private Future<Void> deploy(Deployable verticle) {
    return vertx
        .deployVerticle(verticle)
        .onSuccess(id -> deploymentIds.put(verticle, id))
        .mapEmpty();
  }

  /** Stops one service the way a SIGTERM would: listeners drain, relays finish, pools close. */
  public Future<Void> undeploy(Deployable verticle) {
    String id = deploymentIds.remove(verticle);
    return id == null ? Future.succeededFuture() : vertx.undeploy(id);
  }

  public Settings settings() {
    return settings;
  }
}
