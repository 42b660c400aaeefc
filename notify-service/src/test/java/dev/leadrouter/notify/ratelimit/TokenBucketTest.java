package dev.leadrouter.notify.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong now = new AtomicLong();
  private final TokenBucket oneASecond = new TokenBucket(1, 1, now::get);

  @Test
  void firstTokenIsFreeAndTheNextWaitsForTheRate() {
    assertThat(oneASecond.tryReserve(Duration.ofSeconds(5))).isZero();
    assertThat(oneASecond.tryReserve(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
    assertThat(oneASecond.tryReserve(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aRefusedReservationDoesNotPushOthersBack() {
    oneASecond.tryReserve(Duration.ZERO);
    assertThat(oneASecond.tryReserve(Duration.ofMillis(500))).isNull();
    now.addAndGet(Duration.ofMillis(600).toNanos());
    assertThat(oneASecond.tryReserve(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void quietPeriodRefillsUpToTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 3, now::get);
    for (int i = 0; i < 3; i++) {
      bucket.tryReserve(Duration.ZERO);
    }
    now.addAndGet(Duration.ofSeconds(60).toNanos());
    assertThat(bucket.tryReserve(Duration.ZERO)).isZero();
    assertThat(bucket.tryReserve(Duration.ZERO)).isZero();
    assertThat(bucket.tryReserve(Duration.ZERO)).isZero();
    assertThat(bucket.tryReserve(Duration.ZERO)).isNull();
  }

  @Test
  void limiterKeepsOneBucketPerEndpoint() {
    RateLimiter limiter = new RateLimiter(now::get);
    RateLimit limit = new RateLimit(1, 1);
    assertThat(limiter.tryReserve("slack-webhook:a", limit, Duration.ZERO)).isZero();
    assertThat(limiter.tryReserve("slack-webhook:b", limit, Duration.ZERO)).isZero();
    assertThat(limiter.tryReserve("slack-webhook:a", limit, Duration.ZERO)).isNull();
    assertThat(limiter.tryReserve("smtp", RateLimit.UNLIMITED, Duration.ZERO)).isZero();
  }
}
