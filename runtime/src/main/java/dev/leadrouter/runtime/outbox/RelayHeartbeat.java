package dev.leadrouter.runtime.outbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay's heartbeat in {@code outbox_relays}, and the detection of dead relays, as db-scheduler
 * does it: a relay whose last beat is older than the dead-after is deleted, in one transaction with
 * clearing its rows' leases, so they are claimed at once instead of after their lease.
 *
 * <p>The common case costs one small statement per beat: record the beat and list relays that
 * stopped beating. The release transaction runs only when one did.
 *
 * <p>Its own single-connection pool: under overload the service pool's queue can hold a statement
 * for seconds, and a beat that waits there would get a live relay declared dead.
 *
 * <p>Self-fencing: a relay paused longer than the dead-after (GC, a starved CPU, a partition) may
 * find its row gone. Its rows were released and others may be delivering them, so it drops the rows
 * written for it that wait in its memory and registers again. While its last recorded beat is too
 * old to be sure nobody declared it dead, it starts none of them ({@link #recordedRecently}).
 *
 * <p>Everything runs on the context {@link #start} was called on.
 */
final class RelayHeartbeat {
  private static final Logger log = LoggerFactory.getLogger(RelayHeartbeat.class);

  private static final String REGISTER =
      "INSERT INTO outbox_relays (owner, heartbeat_at) VALUES ($1, now()) "
          + "ON CONFLICT (owner) DO UPDATE SET heartbeat_at = now()";

  /** Records the beat ({@code alive} false: this relay was declared dead) and lists the dead. */
  private static final String BEAT =
      "WITH beat AS (UPDATE outbox_relays SET heartbeat_at = now() WHERE owner = $1 RETURNING 1) "
          + "SELECT EXISTS (SELECT 1 FROM beat) AS alive, ARRAY(SELECT owner FROM outbox_relays "
          + "WHERE owner <> $1 AND heartbeat_at < now() - $2 * interval '1 millisecond') AS dead";

  /** Re-checks under the row lock: a relay that beat since the look is not dead. */
  private static final String FORGET_DEAD =
      "DELETE FROM outbox_relays WHERE owner = ANY($1::text[]) "
          + "AND heartbeat_at < now() - $2 * interval '1 millisecond' RETURNING owner";

  private static final String RELEASE_DEAD =
      "UPDATE outbox SET lease_owner = NULL, lease_until = NULL "
          + "WHERE lease_owner = ANY($1::text[])";

  /** Wakes every replica's relay, not only this one, to share the released rows. */
  private static final String WAKE = "SELECT pg_notify($1, 'outbox_relays')";

  /**
   * Gives back rows written for this relay that it dropped when it found itself declared dead. The
   * release already freed those written before it; this frees those written after. {@code attempts
   * = 1}: a row this relay claimed again since (attempts 2 or more) is being delivered by it.
   */
  private static final String RELEASE_DROPPED =
      "UPDATE outbox SET lease_owner = NULL, lease_until = NULL "
          + "WHERE id = ANY($1::bigint[]) AND lease_owner = $2 AND attempts = 1";

  private static final String DEREGISTER = "DELETE FROM outbox_relays WHERE owner = $1";

  private final Vertx vertx;
  private final PgConnectOptions connectOptions;
  private final String owner;
  private final String channel;
  private final RelayOptions options;
  private final Runnable othersReleased;
  private final Runnable beatRecorded;
  private final Supplier<List<Long>> declaredDead;

  private Pool pool;
  private long timerId = -1;
  private boolean registered;
  private boolean beating;
  private boolean failing;
  private boolean stopped;
  private Future<Void> lastBeat = Future.succeededFuture();

  /** When the last beat found in the table was sent; {@code null} before the first. */
  private Long recordedNanos;

  /**
   * @param othersReleased dead relays' rows were released: claim them
   * @param beatRecorded a beat was recorded: rows written for this relay may start again
   * @param declaredDead this relay was declared dead: drops the rows written for it that wait and
   *     returns their ids
   */
  RelayHeartbeat(
      Vertx vertx,
      PgConnectOptions connectOptions,
      String owner,
      String channel,
      RelayOptions options,
      Runnable othersReleased,
      Runnable beatRecorded,
      Supplier<List<Long>> declaredDead) {
    this.vertx = vertx;
    this.connectOptions = connectOptions;
    this.owner = owner;
    this.channel = channel;
    this.options = options;
    this.othersReleased = othersReleased;
    this.beatRecorded = beatRecorded;
    this.declaredDead = declaredDead;
  }

  /**
   * Registers and starts beating. Never fails: until a registration goes through, each beat tries
   * again, and this relay's rows come back after their lease as before.
   */
  Future<Void> start() {
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(1).setName("heartbeat-" + owner).setShared(false))
            .connectingTo(connectOptions)
            .using(vertx)
            .build();
    timerId = vertx.setPeriodic(options.heartbeat().toMillis(), id -> beat());
    beat();
    return lastBeat;
  }

  /** Stops beating and deletes this relay's row: nobody will declare a stopped relay dead. */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    if (pool == null) {
      return Future.succeededFuture();
    }
    return lastBeat
        .compose(v -> pool.preparedQuery(DEREGISTER).execute(Tuple.of(owner)))
        .<Void>mapEmpty()
        .recover(
            e -> {
              log.info(
                  "outbox {}: relay row not deleted, the others release it after {}: {}",
                  channel,
                  options.deadAfter(),
                  e.toString());
              return Future.succeededFuture();
            })
        .eventually(() -> pool.close());
  }

  /**
   * Whether the last recorded beat is recent enough that no other relay can have declared this one
   * dead yet, with a heartbeat to spare: the beat's database time is no earlier than its sending.
   */
  boolean recordedRecently() {
    return recordedNanos != null
        && System.nanoTime() - recordedNanos
            < options.deadAfter().minus(options.heartbeat()).toNanos();
  }

  private void beat() {
    if (beating || stopped) {
      return;
    }
    beating = true;
    long sentNanos = System.nanoTime();
    lastBeat =
        (registered ? beatAndFindDead(sentNanos) : register(sentNanos))
            .timeout(options.deadAfter().toMillis(), TimeUnit.MILLISECONDS)
            .transform(
                ar -> {
                  beating = false;
                  if (ar.failed() && !failing) {
                    failing = true;
                    log.warn(
                        "outbox {}: heartbeat not recorded, retrying every {}: {}",
                        channel,
                        options.heartbeat(),
                        ar.cause().toString());
                  } else if (ar.succeeded() && failing) {
                    failing = false;
                    log.info("outbox {}: heartbeat recorded again", channel);
                  }
                  return Future.succeededFuture();
                });
  }

  private Future<Void> register(long sentNanos) {
    return pool.preparedQuery(REGISTER)
        .execute(Tuple.of(owner))
        .map(
            rows -> {
              registered = true;
              recorded(sentNanos);
              return null;
            });
  }

  private void recorded(long sentNanos) {
    recordedNanos = sentNanos;
    beatRecorded.run();
  }

  private Future<Void> beatAndFindDead(long sentNanos) {
    return pool.preparedQuery(BEAT)
        .execute(Tuple.of(owner, options.deadAfter().toMillis()))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              if (stopped) {
                return Future.succeededFuture();
              }
              if (!row.getBoolean("alive")) {
                return rejoin();
              }
              recorded(sentNanos);
              String[] dead = row.getArrayOfStrings("dead");
              return dead.length == 0 ? Future.succeededFuture() : releaseDead(dead);
            });
  }

  private Future<Void> releaseDead(String[] stale) {
    return pool.withTransaction(
            tx ->
                forgetDead(tx, stale)
                    .compose(
                        dead -> dead.isEmpty() ? Future.succeededFuture(0) : release(tx, dead)))
        .map(
            released -> {
              if (released > 0) {
                othersReleased.run();
              }
              return null;
            });
  }

  /** Deletes the relays still dead under the row lock, and returns them. */
  private Future<List<String>> forgetDead(SqlConnection tx, String[] stale) {
    return tx.preparedQuery(FORGET_DEAD)
        .execute(Tuple.tuple().addArrayOfString(stale).addLong(options.deadAfter().toMillis()))
        .map(
            rows -> {
              List<String> dead = new ArrayList<>();
              rows.forEach(r -> dead.add(r.getString(0)));
              return dead;
            });
  }

  /** Clears the dead relays' leases and wakes every replica; returns how many rows. */
  private Future<Integer> release(SqlConnection tx, List<String> dead) {
    return tx.preparedQuery(RELEASE_DEAD)
        .execute(Tuple.tuple().addArrayOfString(dead.toArray(String[]::new)))
        .compose(
            rows -> {
              int released = rows.rowCount();
              log.info(
                  "outbox {}: relay(s) {} sent no heartbeat for over {}, "
                      + "released their {} row(s) to the live relays",
                  channel,
                  dead,
                  options.deadAfter(),
                  released);
              return released == 0
                  ? Future.succeededFuture(0)
                  : tx.preparedQuery(WAKE).execute(Tuple.of(channel)).map(released);
            });
  }

  private Future<Void> rejoin() {
    registered = false;
    recordedNanos = null;
    List<Long> dropped = declaredDead.get();
    log.warn(
        "outbox {}: this relay ({}) was declared dead, no heartbeat recorded for over {} "
            + "(a long pause?); the others took over its rows. Dropping the {} row(s) written for "
            + "it and waiting, and registering again",
        channel,
        owner,
        options.deadAfter(),
        dropped.size());
    Future<Void> given =
        dropped.isEmpty()
            ? Future.succeededFuture()
            : pool.preparedQuery(RELEASE_DROPPED)
                .execute(
                    Tuple.tuple().addArrayOfLong(dropped.toArray(Long[]::new)).addString(owner))
                .mapEmpty();
    return given.compose(v -> register(System.nanoTime()));
  }
}
