package dev.leadrouter.sla.scheduler;

import dev.leadrouter.sla.ladder.DueStep;
import dev.leadrouter.sla.store.LadderRepository;
import dev.leadrouter.sla.store.LadderRepository.Claimed;
import dev.leadrouter.sla.store.LadderRepository.Early;
import dev.leadrouter.sla.store.LadderRepository.Fired;
import dev.leadrouter.sla.store.LadderRepository.Firing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires ladder steps at their due time, exactly once across any number of replicas.
 *
 * <p>Deadlines live in PostgreSQL ({@code clocks.next_fire_at}). Every {@code poll} this scheduler
 * claims clocks due within the {@code horizon} with a short lease, holds each as a Vert.x timer set
 * for its exact due time, and extends its leases every {@code heartbeat} while it holds them. The
 * firing transaction re-checks the lease and the step under a row lock, so a touch that committed
 * first wins and a clock whose lease passed to another replica is left alone. A killed replica's
 * leases run out after {@code lease} and another replica claims and fires its clocks; a restart
 * loses nothing because nothing lives only in memory.
 *
 * <p>Anyone who just made a clock due soon (StartClock) publishes on {@link #KICK_ADDRESS}, so the
 * clock is claimed at once instead of at the next poll.
 *
 * <p>All state is touched only from the deploying verticle's event loop.
 */
public final class ClockScheduler {
  /** Event-bus address that makes every scheduler in this process claim due clocks now. */
  public static final String KICK_ADDRESS = "leadrouter.sla.scheduler.kick";

  private static final Logger log = LoggerFactory.getLogger(ClockScheduler.class);

  private final Vertx vertx;
  private final LadderRepository repository;
  private final SchedulerOptions options;
  private final Consumer<Fired> onFired;
  private final String owner = "sla-" + UUID.randomUUID();

  /** Clocks this instance leases, by id, with the timer that fires them. */
  private final Map<UUID, Held> held = new HashMap<>();

  /**
   * Clocks whose firing transaction is in flight; their timers are done, their leases still ours.
   */
  private final Set<UUID> firing = new HashSet<>();

  /** Clocks whose timers went off, waiting for a firing transaction. */
  private final Map<UUID, DueStep> dueNow = new java.util.LinkedHashMap<>();

  private boolean drainScheduled;
  private int batchesInFlight;

  /**
   * Clocks per firing transaction, and transactions at once: a burst uses a few pool connections,
   * not all.
   */
  private static final int FIRE_BATCH = 200;

  private static final int MAX_BATCHES_IN_FLIGHT = 4;

  /**
   * Database clock minus this JVM's clock, as last seen; replicas on other machines may be skewed.
   */
  private long dbOffsetMillis;

  private long pollTimer = -1;
  private long heartbeatTimer = -1;
  private MessageConsumer<Object> kicks;
  private boolean claiming;
  private boolean claimAgain;
  private boolean stopped;

  private record Held(DueStep due, long timerId) {}

  public ClockScheduler(
      Vertx vertx, LadderRepository repository, SchedulerOptions options, Consumer<Fired> onFired) {
    this.vertx = vertx;
    this.repository = repository;
    this.options = options;
    this.onFired = onFired;
  }

  public void start() {
    pollTimer = vertx.setPeriodic(options.poll().toMillis(), id -> claim());
    heartbeatTimer = vertx.setPeriodic(options.heartbeat().toMillis(), id -> heartbeat());
    kicks = vertx.eventBus().localConsumer(KICK_ADDRESS, message -> claim());
    claim();
  }

  /**
   * Stops claiming, drops the timers and hands every lease back so another replica fires at once.
   */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(heartbeatTimer);
    held.values().forEach(h -> vertx.cancelTimer(h.timerId()));
    held.clear();
    dueNow.clear();
    Future<Void> unregistered = kicks == null ? Future.succeededFuture() : kicks.unregister();
    return unregistered
        .compose(v -> repository.releaseAll(owner))
        .<Void>mapEmpty()
        .recover(
            e -> {
              log.warn(
                  "could not release SLA clock leases, they expire in {}: {}",
                  options.lease(),
                  e.toString());
              return Future.succeededFuture();
            });
  }

  /** This instance's lease owner name. */
  public String owner() {
    return owner;
  }

  /** Clocks held as timers right now. */
  public int heldCount() {
    return held.size() + dueNow.size() + firing.size();
  }

  private void claim() {
    if (stopped) {
      return;
    }
    if (claiming) {
      claimAgain = true;
      return;
    }
    int room = options.maxHeld() - heldCount();
    if (room <= 0) {
      return;
    }
    claiming = true;
    claimAgain = false;
    int limit = Math.min(options.batchSize(), room);
    repository
        .claim(owner, options.lease(), options.horizon(), limit)
        .onComplete(
            ar -> {
              claiming = false;
              if (ar.failed()) {
                log.warn("claiming due SLA clocks failed: {}", ar.cause().toString());
                return;
              }
              if (!ar.result().isEmpty()) {
                // Read at the end of the claim's round trip, so the database time is at most one
                // trip old.
                dbOffsetMillis =
                    ar.result().get(0).dbNow().toEpochMilli() - System.currentTimeMillis();
              }
              ar.result().forEach(this::hold);
              if (ar.result().size() == limit || claimAgain) {
                claim();
              }
            });
  }

  private void hold(Claimed claimed) {
    if (stopped) {
      return;
    }
    Held previous = held.remove(claimed.clockId());
    if (previous != null) {
      vertx.cancelTimer(previous.timerId());
    }
    schedule(claimed.clockId(), claimed.due());
  }

  /**
   * Sets the timer for the due time on the database's clock, which decides what is due. The
   * database's time is estimated from this JVM's clock plus the offset last seen in a claim, not
   * from the time a query read: a firing transaction takes milliseconds, which would all be added
   * to the next step's timer.
   */
  private void schedule(UUID clockId, DueStep due) {
    long estimatedDbNow = System.currentTimeMillis() + dbOffsetMillis;
    long delay = Math.max(1, due.at().toEpochMilli() - estimatedDbNow + 1);
    long timerId = vertx.setTimer(delay, id -> fire(clockId));
    held.put(clockId, new Held(due, timerId));
  }

  /**
   * A timer went off: queue the clock; everything due in the same moment fires in one transaction.
   */
  private void fire(UUID clockId) {
    Held h = held.remove(clockId);
    if (h == null || stopped) {
      return;
    }
    dueNow.put(clockId, h.due());
    if (!drainScheduled) {
      drainScheduled = true;
      // After the other timers of this event-loop turn have queued their clocks too.
      vertx.runOnContext(v -> drain());
    }
  }

  private void drain() {
    drainScheduled = false;
    while (!dueNow.isEmpty() && batchesInFlight < MAX_BATCHES_IN_FLIGHT && !stopped) {
      List<LadderRepository.DueNow> batch = new ArrayList<>();
      Map<UUID, DueStep> steps = new HashMap<>();
      var it = dueNow.entrySet().iterator();
      while (it.hasNext() && batch.size() < FIRE_BATCH) {
        var e = it.next();
        it.remove();
        batch.add(new LadderRepository.DueNow(e.getKey(), e.getValue().step()));
        steps.put(e.getKey(), e.getValue());
        firing.add(e.getKey());
      }
      batchesInFlight++;
      repository
          .fireAll(batch, owner, options.lease(), options.horizon())
          .onComplete(
              ar -> {
                batchesInFlight--;
                firing.removeAll(steps.keySet());
                if (ar.failed()) {
                  // Rolled back: the leases are still ours, so try again shortly.
                  log.warn(
                      "firing {} SLA clock steps failed, retrying: {}",
                      batch.size(),
                      ar.cause().toString());
                  if (!stopped) {
                    steps.forEach(
                        (id, due) ->
                            held.put(id, new Held(due, vertx.setTimer(500, t -> fire(id)))));
                  }
                } else {
                  ar.result().forEach(this::handle);
                }
                if (!dueNow.isEmpty()) {
                  drain();
                }
              });
    }
  }

  private void handle(UUID clockId, Firing result) {
    if (result instanceof Fired fired) {
      onFired.accept(fired);
      if (fired.keptLease() && !stopped) {
        // The next step is due soon: keep holding it rather than hand it around.
        schedule(clockId, fired.next().orElseThrow());
      }
    } else if (result instanceof Early early && !stopped) {
      schedule(clockId, early.due());
    }
  }

  private void heartbeat() {
    if (stopped) {
      return;
    }
    List<UUID> ids = new ArrayList<>(held.keySet());
    ids.addAll(firing);
    ids.addAll(dueNow.keySet());
    repository
        .heartbeat(owner, ids, options.lease())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                log.warn("extending SLA clock leases failed: {}", ar.cause().toString());
                return;
              }
              Set<UUID> kept = new HashSet<>(ar.result());
              for (UUID id : ids) {
                Held h = held.get(id);
                if (h != null && !kept.contains(id)) {
                  // Touched, cancelled or taken over since we claimed it: nothing left for us to
                  // fire.
                  vertx.cancelTimer(h.timerId());
                  held.remove(id);
                }
              }
            });
  }
}
