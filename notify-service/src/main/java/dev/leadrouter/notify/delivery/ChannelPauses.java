package dev.leadrouter.notify.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Channels paused because their provider refused our credentials, shared by every replica through
 * the {@code channel_pauses} table.
 *
 * <p>While a credential is paused its deliveries are held without calling out; at {@code probe_at}
 * exactly one delivery (whichever replica claims the probe first) is sent as a probe. Its success
 * resumes the channel and releases the held deliveries at once; another refusal pushes the next
 * probe out again. {@code leadrouter_notify_channel_paused{channel}} is 1 while paused (refreshed
 * from the table, so every replica reports the same) and is what the "channel misconfigured" alert
 * watches.
 *
 * <p>Which credentials are paused is also kept in memory (refreshed every few seconds, and at once
 * on this replica's own pause and resume), so a delivery on a channel that is not paused costs no
 * extra round trip; only a paused credential is checked against the table.
 */
public final class ChannelPauses {
  /** The credentials a deployment can have; each gets a gauge from the start. */
  public static final List<String> CREDENTIALS =
      List.of("smtp", "slack-bot", "slack-webhook", "twilio", "webhook");

  private final Pool pool;
  private final Duration probeInterval;
  private final Map<String, AtomicInteger> paused = new ConcurrentHashMap<>();

  public ChannelPauses(Pool pool, Duration probeInterval) {
    this.pool = pool;
    this.probeInterval = probeInterval;
    CREDENTIALS.forEach(c -> paused.put(c, new AtomicInteger()));
  }

  public Duration probeInterval() {
    return probeInterval;
  }

  public ChannelPauses recordMetrics(MeterRegistry registry) {
    paused.forEach(
        (credential, value) ->
            Gauge.builder("leadrouter.notify.channel.paused", value, AtomicInteger::get)
                .description("1 while the provider refuses this credential and deliveries are held")
                .tag("channel", credential)
                .register(registry));
    return this;
  }

  /** Whether this replica last saw the credential paused (in memory, no round trip). */
  public boolean seenPaused(String credential) {
    AtomicInteger gauge = paused.get(credential);
    return gauge != null && gauge.get() == 1;
  }

  /** When the paused credential may be probed next; empty when it is not paused. */
  public Future<Optional<Instant>> probeAt(String credential) {
    return pool.preparedQuery("SELECT probe_at FROM channel_pauses WHERE credential = $1")
        .execute(Tuple.of(credential))
        .map(
            rows -> {
              if (rows.size() == 0) {
                set(credential, 0); // another replica resumed it
                return Optional.empty();
              }
              return Optional.of(rows.iterator().next().getOffsetDateTime(0).toInstant());
            });
  }

  /** True when this caller won the due probe (and pushed the next one out). */
  public Future<Boolean> claimProbe(String credential) {
    return pool.preparedQuery(
            "UPDATE channel_pauses SET probe_at = now() + $2 * interval '1 millisecond' "
                + "WHERE credential = $1 AND probe_at <= now()")
        .execute(Tuple.of(credential, probeInterval.toMillis()))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Pauses (or keeps paused) the credential; true when it was not paused before. */
  public Future<Boolean> pause(String credential, String reason) {
    return pool.preparedQuery(
            "INSERT INTO channel_pauses (credential, reason, probe_at) "
                + "VALUES ($1, $2, now() + $3 * interval '1 millisecond') "
                + "ON CONFLICT (credential) DO UPDATE SET reason = EXCLUDED.reason, "
                + "probe_at = EXCLUDED.probe_at RETURNING (xmax = 0) AS inserted")
        .execute(Tuple.of(credential, reason, probeInterval.toMillis()))
        .map(rows -> rows.iterator().next().getBoolean("inserted"))
        .onSuccess(v -> set(credential, 1));
  }

  /**
   * Resumes the credential, if paused, and makes the deliveries held on {@code topic} due now. True
   * when it was paused.
   */
  public Future<Boolean> resume(String credential, String topic) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery("DELETE FROM channel_pauses WHERE credential = $1")
                    .execute(Tuple.of(credential))
                    .compose(
                        deleted ->
                            deleted.rowCount() == 0
                                ? Future.succeededFuture(false)
                                : tx.preparedQuery(
                                        "UPDATE outbox SET available_at = now() WHERE topic = $1 "
                                            + "AND parked_at IS NULL AND lease_owner IS NULL "
                                            + "AND available_at > now()")
                                    .execute(Tuple.of(topic))
                                    .map(true)))
        .onSuccess(v -> set(credential, 0));
  }

  /** Re-reads which credentials are paused, so gauges agree with whatever any replica did. */
  public Future<Void> refresh() {
    return pool.query("SELECT credential FROM channel_pauses")
        .execute()
        .map(
            rows -> {
              Set<String> now = new HashSet<>();
              for (Row r : rows) {
                now.add(r.getString(0));
              }
              paused.forEach((credential, value) -> value.set(now.contains(credential) ? 1 : 0));
              return null;
            });
  }

  private void set(String credential, int value) {
    AtomicInteger gauge = paused.get(credential);
    if (gauge != null) {
      gauge.set(value);
    }
  }
}
