package dev.leadrouter.notify.delivery;

import dev.leadrouter.notify.ratelimit.RateLimit;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * Token buckets in PostgreSQL ({@code rate_buckets}), one per endpoint, shared by every replica: N
 * replicas together send at the endpoint's rate, not N times it.
 *
 * <p>One statement per message refills the bucket for the time since its last use, takes a token if
 * the wait for it is acceptable and says how long that wait is; the row lock serializes replicas on
 * the same endpoint only. Tokens may go below zero: each missing token is a reservation further in
 * the future, so a refused caller (wait too long) reserves nothing and pushes nobody back.
 */
public final class SharedRateLimiter {
  private static final String RESERVE =
      "INSERT INTO rate_buckets AS b (endpoint, tokens, updated_at) VALUES ($1, $3 - 1, now()) "
          + "ON CONFLICT (endpoint) DO UPDATE SET "
          + "tokens = LEAST($3, b.tokens + EXTRACT(EPOCH FROM now() - b.updated_at) * $2) - 1, "
          + "updated_at = now() "
          + "WHERE LEAST($3, b.tokens + EXTRACT(EPOCH FROM now() - b.updated_at) * $2) - 1 >= -($2 * $4) "
          + "RETURNING tokens";

  private final Pool pool;

  public SharedRateLimiter(Pool pool) {
    this.pool = pool;
  }

  /**
   * Reserves the next token of {@code endpoint} if it comes within {@code maxWait}.
   *
   * @return the wait before using it, or null when it would come later than {@code maxWait}
   */
  public Future<Duration> tryReserve(String endpoint, RateLimit limit, Duration maxWait) {
    if (limit.unlimited()) {
      return Future.succeededFuture(Duration.ZERO);
    }
    double maxWaitSeconds = maxWait.toNanos() / 1e9;
    return pool.preparedQuery(RESERVE)
        .execute(Tuple.of(endpoint, limit.perSecond(), (double) limit.burst(), maxWaitSeconds))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                return null;
              }
              double tokens = rows.iterator().next().getDouble(0);
              return tokens >= 0
                  ? Duration.ZERO
                  : Duration.ofNanos((long) Math.ceil(-tokens / limit.perSecond() * 1e9));
            });
  }
}
