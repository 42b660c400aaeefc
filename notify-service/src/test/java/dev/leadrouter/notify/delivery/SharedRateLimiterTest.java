package dev.leadrouter.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.NotifyConfig;
import dev.leadrouter.notify.ratelimit.RateLimit;
import dev.leadrouter.runtime.db.Database;
import dev.leadrouter.runtime.db.DatabaseConfig;
import dev.leadrouter.runtime.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas (two Vert.x instances, two pools) on one real PostgreSQL share one bucket. */
class SharedRateLimiterTest {
  private final Vertx replicaA = Vertx.vertx();
  private final Vertx replicaB = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    await(replicaA.close());
    await(replicaB.close());
  }

  @Test
  void twoReplicasShareOneRateLimit() throws Exception {
    DatabaseConfig db =
        new DatabaseConfig(TestDatabase.newDatabase(), null, null, NotifyConfig.SCHEMA, 4);
    await(Database.migrate(replicaA, db));
    Pool poolA = Database.pool(replicaA, db);
    Pool poolB = Database.pool(replicaB, db);
    SharedRateLimiter a = new SharedRateLimiter(poolA);
    SharedRateLimiter b = new SharedRateLimiter(poolB);
    RateLimit onePerSecond = new RateLimit(1, 2);

    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      SharedRateLimiter replica = i % 2 == 0 ? a : b;
      waits.add(await(replica.tryReserve("sms-from:+15005550006", onePerSecond, minutes(1))));
    }

    // One bucket: a burst of 2, then one token a second whichever replica asks. Per-replica
    // buckets would have let 4 go at once.
    assertThat(waits.subList(0, 2)).allMatch(Duration::isZero);
    for (int i = 2; i < 6; i++) {
      assertThat(waits.get(i).toMillis())
          .as("wait of reservation %d", i)
          .isBetween((i - 1) * 1000L - 300, (i - 1) * 1000L + 50);
    }
    // Refused when the wait would be too long, and a refusal reserves nothing.
    assertThat(await(a.tryReserve("sms-from:+15005550006", onePerSecond, Duration.ofSeconds(2))))
        .isNull();
    assertThat(await(b.tryReserve("slack-channel:C1", onePerSecond, minutes(1)))).isZero();
  }

  private static Duration minutes(int n) {
    return Duration.ofMinutes(n);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
