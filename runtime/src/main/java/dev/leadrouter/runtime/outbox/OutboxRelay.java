package dev.leadrouter.runtime.outbox;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a schema's outbox rows to their handlers, at least once, from any number of replicas.
 *
 * <p>Rows are claimed with a lease ({@code FOR UPDATE SKIP LOCKED} so replicas never wait on each
 * other or take the same row), delivered, then deleted. A failed delivery is rescheduled with
 * jittered backoff; a replica that dies mid-delivery leaves its lease to expire and another replica
 * picks the row up. PostgreSQL NOTIFY wakes the relay as soon as a row is written; polling covers
 * backoff expiry and any missed notification.
 *
 * <p>A pipeline, not a batch barrier: up to twice the batch size is in flight, and the relay claims
 * more as soon as a quarter of that has room, so one slow delivery does not hold back the rows
 * claimed with it. Delivered rows are deleted in groups: while one {@code DELETE ... = ANY}
 * commits, the rows finished meanwhile wait for the next, one commit for many rows under load and
 * one per row when idle.
 *
 * <p>Rows this process writes itself go through {@link LeasedWrites}: leased to this relay at
 * insert and handed over at commit, they skip the NOTIFY and the claim. The claim remains for rows
 * nobody holds: backoff expiry, a dead writer's expired lease, rows written without a lease.
 *
 * <p>A relay that stops heartbeating ({@link RelayHeartbeat}) is declared dead by the others, who
 * release its rows at once; the lease remains the outer bound.
 *
 * <p>All state below is touched only from the deploying verticle's event loop.
 */
public final class OutboxRelay {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private static final String CLAIM =
      "UPDATE outbox o SET lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond', "
          + "attempts = o.attempts + 1 "
          + "WHERE o.id IN (SELECT id FROM outbox WHERE parked_at IS NULL AND available_at <= now() "
          + "  AND (lease_until IS NULL OR lease_until < now()) ORDER BY available_at, id LIMIT $3 "
          + "  FOR UPDATE SKIP LOCKED) "
          + "RETURNING o.id, o.topic, o.message_key, o.payload, o.attempts";
  private static final String DONE =
      "DELETE FROM outbox WHERE id = ANY($1::bigint[]) AND lease_owner = $2";
  private static final String RELEASE =
      "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1::bigint[]) "
          + "AND lease_owner = $2";
  private static final String RETRY =
      "UPDATE outbox SET lease_owner = NULL, lease_until = NULL, last_error = $3, "
          + "available_at = now() + $4 * interval '1 millisecond' WHERE id = $1 AND lease_owner = $2";
  private static final String DUE_NOW =
      "UPDATE outbox SET available_at = now() WHERE topic = $1 AND parked_at IS NULL "
          + "AND lease_owner IS NULL AND available_at > now()";
  private static final String PARK =
      "UPDATE outbox SET lease_owner = NULL, lease_until = NULL, last_error = $3, parked_at = now() "
          + "WHERE id = $1 AND lease_owner = $2";

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions listenOptions;
  private final String channel;
  private final Map<String, OutboxHandler> handlers;
  private final RelayOptions options;
  private final String owner = "relay-" + UUID.randomUUID();
  private final PeerOutages outages = new PeerOutages();
  private final RelayHeartbeat heartbeat;

  private final java.util.concurrent.atomic.AtomicLong pending =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong oldestAgeSeconds =
      new java.util.concurrent.atomic.AtomicLong();
  private long gaugeTimerId = -1;
  private PgSubscriber subscriber;
  private long timerId = -1;
  private boolean stopped;
  private Promise<Void> drained;

  /** Rows claimed and not yet deleted, retried or parked. */
  private int inFlight;

  private boolean claiming;

  /** A NOTIFY or poll arrived, or the last claim was full: there may be rows to claim. */
  private boolean mayHaveRows;

  /** Delivered rows waiting for the next group delete. */
  private final List<Acknowledgement> unacknowledged = new ArrayList<>();

  /**
   * Rows committed leased to this relay, waiting for room in the pipeline, with when their
   * transaction began.
   */
  private final java.util.ArrayDeque<Committed> committed = new java.util.ArrayDeque<>();

  private record Committed(OutboxMessage message, long writtenNanos) {}

  /** Committed rows kept waiting at most; beyond it they are given back to the claim. */
  private static final int COMMITTED_WAITING_LIMIT = 2_048;

  /** Committed rows being delivered (part of {@link #inFlight}). */
  private int committedInFlight;

  private io.vertx.core.Context context;

  private boolean acknowledging;

  private record Acknowledgement(long id, Promise<Void> deleted) {}

  public OutboxRelay(
      Vertx vertx,
      Pool pool,
      PgConnectOptions listenOptions,
      String schema,
      Map<String, OutboxHandler> handlers,
      RelayOptions options) {
    this.vertx = vertx;
    this.pool = pool;
    this.listenOptions = listenOptions;
    this.channel = schema + "_outbox";
    this.handlers = Map.copyOf(handlers);
    this.options = options;
    this.heartbeat =
        new RelayHeartbeat(
            vertx,
            listenOptions,
            owner,
            channel,
            options,
            this::kick,
            this::startCommitted,
            this::dropCommitted);
  }

  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    timerId = vertx.setPeriodic(options.pollInterval().toMillis(), id -> kick());
    subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(retries -> 1000L);
    subscriber.channel(channel).handler(topic -> kick());
    // LISTEN only shortens latency; polling still delivers if it cannot connect.
    subscriber
        .connect()
        .onFailure(
            e ->
                log.warn(
                    "outbox LISTEN on {} unavailable, polling only: {}", channel, e.toString()));
    kick();
    return heartbeat.start();
  }

  /**
   * Publishes the backlog as gauges, refreshed every 10 s: {@code leadrouter_outbox_pending} (rows
   * waiting, the autoscaling signal) and {@code leadrouter_outbox_oldest_age_seconds} (how far
   * behind).
   */
  public OutboxRelay recordMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.Gauge.builder(
            "leadrouter.outbox.pending", pending, java.util.concurrent.atomic.AtomicLong::get)
        .tag("outbox", channel)
        .description("outbox rows waiting to be delivered")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(
            "leadrouter.outbox.oldest.age.seconds",
            oldestAgeSeconds,
            java.util.concurrent.atomic.AtomicLong::get)
        .tag("outbox", channel)
        .description("age of the oldest undelivered outbox row")
        .register(registry);
    gaugeTimerId =
        vertx.setPeriodic(
            10_000,
            id ->
                pool.query(
                        "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint FROM outbox WHERE parked_at IS NULL")
                    .execute()
                    .onSuccess(
                        rows -> {
                          Row r = rows.iterator().next();
                          pending.set(r.getLong(0));
                          oldestAgeSeconds.set(r.getLong(1));
                        }));
    return this;
  }

  /**
   * Stops claiming new rows, gives back committed rows not started yet, and completes once the
   * deliveries in flight have finished.
   */
  public Future<Void> stop() {
    stopped = true;
    Future<Void> released = release(dropCommitted()).compose(v -> heartbeat.stop());
    vertx.cancelTimer(timerId);
    vertx.cancelTimer(gaugeTimerId);
    Future<Void> closed = subscriber == null ? Future.succeededFuture() : subscriber.close();
    if (idle()) {
      return Future.all(closed, released).mapEmpty();
    }
    drained = Promise.promise();
    return Future.all(closed, released, drained.future()).mapEmpty();
  }

  /** Asks for a drain now, e.g. right after this process committed a row. */
  public void kick() {
    mayHaveRows = true;
    claimIfRoom();
  }

  /** For one transaction's outbox rows, delivered by this relay as soon as it commits. */
  public LeasedWrites leasedWrites() {
    return new LeasedWrites(this);
  }

  String owner() {
    return owner;
  }

  long leaseMillis() {
    return options.lease().toMillis();
  }

  /**
   * Takes rows a transaction of this process committed leased to this relay.
   *
   * @param writtenNanos when the transaction began ({@link System#nanoTime}): the rows' lease runs
   *     from its start
   */
  void deliverCommitted(List<OutboxMessage> rows, long writtenNanos) {
    if (rows.isEmpty()) {
      return;
    }
    if (context != null && io.vertx.core.Vertx.currentContext() != context) {
      context.runOnContext(v -> deliverCommitted(rows, writtenNanos));
      return;
    }
    if (stopped) {
      release(rows.stream().map(OutboxMessage::id).toList());
      return;
    }
    List<Long> overflow = new ArrayList<>();
    for (OutboxMessage m : rows) {
      if (committed.size() < COMMITTED_WAITING_LIMIT) {
        committed.add(new Committed(m, writtenNanos));
      } else {
        overflow.add(m.id());
      }
    }
    // Past the limit the rows go back to the claim, which takes the oldest first: memory stays
    // bounded in a long overload and nothing waits here out of turn.
    release(overflow);
    startCommitted();
  }

  /** Empties the committed rows waiting (stopping, or declared dead) and returns their ids. */
  private List<Long> dropCommitted() {
    List<Long> ids = committed.stream().map(c -> c.message().id()).toList();
    committed.clear();
    return ids;
  }

  /**
   * Starts committed rows while they may use the pipeline: all but a quarter of it, which claims
   * (due retries, a dead replica's rows) keep even in a long overload. A row is started only while
   * its lease leaves room for a whole delivery; an older one is given back to the claim, so no
   * other replica can have it while it is delivered here. None starts while this relay's last
   * heartbeat is too old to be sure the others have not declared it dead and taken its rows.
   */
  private void startCommitted() {
    long tooOld = System.nanoTime() - options.lease().multipliedBy(2).dividedBy(5).toNanos();
    List<Long> aged = new ArrayList<>();
    while (!committed.isEmpty()
        && heartbeat.recordedRecently()
        && inFlight < maxInFlight()
        && committedInFlight < maxInFlight() - claimReserve()) {
      Committed c = committed.poll();
      if (c.writtenNanos() < tooOld) {
        aged.add(c.message().id());
        continue;
      }
      inFlight++;
      committedInFlight++;
      deliver(c.message())
          .onComplete(
              done -> {
                committedInFlight--;
                delivered();
              });
    }
    release(aged);
  }

  private void delivered() {
    inFlight--;
    startCommitted();
    claimIfRoom();
    completeStopIfIdle();
  }

  /**
   * Gives leased rows back to the claim at once (on stop, too old, past the waiting limit) so
   * nobody waits out their lease; a failure only means they wait for it.
   */
  private Future<Void> release(List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(RELEASE)
        .execute(Tuple.tuple().addArrayOfLong(ids.toArray(Long[]::new)).addString(owner))
        .<Void>mapEmpty()
        .recover(
            e -> {
              log.info(
                  "outbox {}: {} row(s) not released, claimable after their lease: {}",
                  channel,
                  ids.size(),
                  e.toString());
              return Future.succeededFuture();
            });
  }

  private int maxInFlight() {
    return 2 * options.batchSize();
  }

  /**
   * The part of the pipeline committed rows leave to claims, and the least room a claim waits for
   * (so claims stay batches of a useful size): a quarter.
   */
  private int claimReserve() {
    return Math.max(1, maxInFlight() / 4);
  }

  /**
   * Claims when told rows may be waiting and at least a quarter of the pipeline is free (or it is
   * empty), so claims stay batches of a useful size instead of one row per finished delivery.
   */
  private void claimIfRoom() {
    int room = maxInFlight() - inFlight;
    if (stopped || claiming || !mayHaveRows || (inFlight > 0 && room < claimReserve())) {
      return;
    }
    claiming = true;
    mayHaveRows = false;
    int limit = Math.min(room, options.batchSize());
    claim(limit)
        .onComplete(
            ar -> {
              claiming = false;
              if (ar.failed()) {
                // The next poll or NOTIFY tries again.
                log.warn("outbox {} drain failed: {}", channel, ar.cause().toString());
              } else {
                List<OutboxMessage> messages = ar.result();
                if (messages.size() == limit) {
                  mayHaveRows = true;
                }
                inFlight += messages.size();
                messages.forEach(m -> deliver(m).onComplete(done -> delivered()));
              }
              claimIfRoom();
              completeStopIfIdle();
            });
  }

  private boolean idle() {
    return inFlight == 0 && !claiming && !acknowledging && unacknowledged.isEmpty();
  }

  private void completeStopIfIdle() {
    if (drained != null && idle()) {
      drained.tryComplete();
    }
  }

  private Future<List<OutboxMessage>> claim(int limit) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(owner, options.lease().toMillis(), limit))
        .map(
            rows -> {
              List<OutboxMessage> messages = new ArrayList<>();
              for (Row r : rows) {
                messages.add(
                    new OutboxMessage(
                        r.getLong("id"),
                        r.getString("topic"),
                        r.getString("message_key"),
                        r.getBuffer("payload").getBytes(),
                        r.getInteger("attempts")));
              }
              return messages;
            });
  }

  private Future<Void> deliver(OutboxMessage m) {
    OutboxHandler handler = handlers.get(m.topic());
    if (handler == null) {
      return park(m, "no handler for topic " + m.topic());
    }
    Future<Void> call;
    try {
      call =
          handler.deliver(m).timeout(options.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      call = Future.failedFuture(e);
    }
    return call.transform(
        ar -> {
          if (ar.succeeded()) {
            int failedAttempts = outages.recovered(m.topic());
            if (failedAttempts > 0) {
              log.info(
                  "outbox {}: receiver reachable again after {} refused attempt(s); "
                      + "retrying its waiting rows now",
                  m.topic(),
                  failedAttempts);
              retryWaitingNow(m.topic());
            }
            return acknowledge(m.id());
          }
          if (ar.cause() instanceof PermanentFailure) {
            log.error(
                "outbox {} message {} key {} parked: {}",
                m.topic(),
                m.id(),
                m.key(),
                ar.cause().getMessage());
            return park(m, ar.cause().getMessage());
          }
          long delay =
              ar.cause() instanceof RetryLater later
                  ? later.delay().toMillis()
                  : options.backoff().delayAfter(m.attempts()).toMillis();
          if (PeerOutages.unreachable(ar.cause())) {
            if (outages.failed(m.topic())) {
              log.info(
                  "outbox {}: receiver not reachable ({}); retrying with backoff, quietly until it answers",
                  m.topic(),
                  ar.cause().toString());
            } else {
              log.debug(
                  "outbox {} message {} attempt {}: receiver still not reachable, retry in {} ms",
                  m.topic(),
                  m.id(),
                  m.attempts(),
                  delay);
            }
            return retry(m, ar.cause(), delay);
          }
          log.info(
              "outbox {} message {} attempt {} failed, retry in {} ms: {} {}",
              m.topic(),
              m.id(),
              m.attempts(),
              delay,
              ar.cause().toString(),
              kv("message_key", m.key()));
          return retry(m, ar.cause(), delay);
        });
  }

  /**
   * Deletes a delivered row together with the others delivered while the previous delete was
   * committing. A delete that fails leaves the rows leased: they are delivered again after the
   * lease, which the receivers' idempotency makes harmless.
   */
  private Future<Void> acknowledge(long id) {
    Promise<Void> deleted = Promise.promise();
    unacknowledged.add(new Acknowledgement(id, deleted));
    deleteAcknowledged();
    return deleted.future();
  }

  private void deleteAcknowledged() {
    if (acknowledging || unacknowledged.isEmpty()) {
      return;
    }
    acknowledging = true;
    List<Acknowledgement> group = List.copyOf(unacknowledged);
    unacknowledged.clear();
    Long[] ids = group.stream().map(Acknowledgement::id).toArray(Long[]::new);
    pool.preparedQuery(DONE)
        .execute(Tuple.tuple().addArrayOfLong(ids).addString(owner))
        .onComplete(
            ar -> {
              acknowledging = false;
              if (ar.failed()) {
                log.warn(
                    "outbox {}: {} delivered row(s) not deleted, redelivered after the lease: {}",
                    channel,
                    ids.length,
                    ar.cause().toString());
              }
              group.forEach(a -> a.deleted().tryComplete());
              deleteAcknowledged();
              completeStopIfIdle();
            });
  }

  /**
   * A receiver that refused connections answers again (it restarted, or was redeployed): its rows
   * backing off are due now. Their backoff grew with the outage, up to 30 s, and would otherwise
   * keep them waiting long after the receiver is back. Other replicas see them at their next poll.
   */
  private void retryWaitingNow(String topic) {
    pool.preparedQuery(DUE_NOW)
        .execute(Tuple.of(topic))
        .onSuccess(rows -> kick())
        .onFailure(
            e -> log.info("outbox {}: waiting rows keep their backoff: {}", topic, e.toString()));
  }

  private Future<Void> retry(OutboxMessage m, Throwable cause, long delayMillis) {
    return pool.preparedQuery(RETRY)
        .execute(Tuple.of(m.id(), owner, String.valueOf(cause), delayMillis))
        .mapEmpty();
  }

  private Future<Void> park(OutboxMessage m, String reason) {
    return pool.preparedQuery(PARK).execute(Tuple.of(m.id(), owner, reason)).mapEmpty();
  }
}
