package dev.leadrouter.standalone;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.notify.NotifyVerticle;
import dev.leadrouter.routing.RoutingVerticle;
import dev.leadrouter.runtime.config.Settings;
import dev.leadrouter.sla.SlaVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The four services deployed as separate verticles in one Vert.x instance, each on its own ports,
 * talking to each other over gRPC exactly as separate processes would. Deployed downstream first so
 * every service finds its callee listening.
 */
public final class Stack {
  private final Vertx vertx;
  private final Settings settings;
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
    return vertx.deployVerticle(sla)
        .compose(id -> vertx.deployVerticle(notify))
        .compose(id -> vertx.deployVerticle(routing))
        .compose(id -> vertx.deployVerticle(capture))
        .map(id -> this);
  }

  public Settings settings() {
    return settings;
  }
}
