package dev.leadrouter.routing.snapshot;

import dev.leadrouter.routing.matrix.MatrixParser;
import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.routing.store.MatrixRepository;
import dev.leadrouter.routing.store.RepRepository;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.MatrixVersion;
import dev.leadrouter.v1.Rep;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the matrix and reps in memory so routing decisions never wait on the database. Triggers on
 * {@code reps} and {@code matrix_versions} NOTIFY channel {@code routing_snapshot}; every replica
 * LISTENs and reloads, so a publish or rep change anywhere is seen everywhere within a moment. A
 * reload also follows every LISTEN (re)connection (notifications sent while disconnected are lost)
 * and a slow periodic timer covers anything else. A matrix version is compiled once and reused.
 *
 * <p>Reloads are coalesced: a change arriving during a reload triggers exactly one more.
 */
public final class SnapshotCache {
  public static final String CHANNEL = "routing_snapshot";
  private static final Logger log = LoggerFactory.getLogger(SnapshotCache.class);

  private final Vertx vertx;
  private final MatrixRepository matrices;
  private final RepRepository reps;
  private final PgConnectOptions listenOptions;
  private final Duration refreshInterval;
  private final MatrixParser parser = new MatrixParser();

  private volatile Snapshot current;
  private RoutingMatrix compiled;
  private PgSubscriber subscriber;
  private long timer = -1;
  private Future<Void> inFlight;
  private Promise<Void> queued;

  public SnapshotCache(
      Vertx vertx,
      MatrixRepository matrices,
      RepRepository reps,
      PgConnectOptions listenOptions,
      Duration refreshInterval) {
    this.vertx = vertx;
    this.matrices = matrices;
    this.reps = reps;
    this.listenOptions = listenOptions;
    this.refreshInterval = refreshInterval;
  }

  /** Loads once, then follows changes. */
  public Future<Void> start() {
    subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(retries -> 500L);
    subscriber.channel(CHANNEL).handler(payload -> reload());
    subscriber.channel(CHANNEL).subscribeHandler(v -> reload());
    subscriber
        .connect()
        .onFailure(
            e ->
                log.warn(
                    "LISTEN {} unavailable, reloading every {} only: {}",
                    CHANNEL,
                    refreshInterval,
                    e.toString()));
    timer = vertx.setPeriodic(refreshInterval.toMillis(), id -> reload());
    return reload();
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }

  /** The latest snapshot, or null while no matrix has been published. */
  public Snapshot current() {
    return current;
  }

  /**
   * Reloads now (or right after the reload in progress); completes when the new state is visible.
   */
  public Future<Void> reload() {
    if (inFlight == null) {
      inFlight =
          load()
              .onComplete(
                  ar -> {
                    inFlight = null;
                    if (ar.failed()) {
                      log.warn("snapshot reload failed: {}", ar.cause().toString());
                    }
                    if (queued != null) {
                      Promise<Void> next = queued;
                      queued = null;
                      reload().onComplete(next);
                    }
                  });
      return inFlight;
    }
    if (queued == null) {
      queued = Promise.promise();
    }
    return queued.future();
  }

  private Future<Void> load() {
    return Future.all(matrices.find(0), reps.all())
        .compose(
            all -> {
              MatrixVersion active = all.resultAt(0);
              Map<String, Rep> repsById = all.resultAt(1);
              if (active == null) {
                current = null;
                return Future.succeededFuture();
              }
              return compile(active, repsById)
                  .map(
                      matrix -> {
                        current = new Snapshot(matrix, repsById);
                        return null;
                      });
            });
  }

  /** Compiling CEL for a big matrix takes a while: done on a worker, and only once per version. */
  private Future<RoutingMatrix> compile(MatrixVersion active, Map<String, Rep> repsById) {
    RoutingMatrix known = compiled;
    if (known != null && known.version() == active.getVersion()) {
      return Future.succeededFuture(known);
    }
    return vertx
        .executeBlocking(
            () ->
                parser
                    .parse(
                        active.getSource(),
                        active.getFormat() == MatrixFormat.MATRIX_FORMAT_JSON,
                        repsById.keySet())
                    .withVersion(active.getVersion()),
            false)
        .onSuccess(
            m -> {
              compiled = m;
              log.info(
                  "routing matrix version {} loaded: {} rules, {} queues",
                  m.version(),
                  m.rules().size(),
                  m.queues().size());
            });
  }
}
