package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.notify.delivery.DeliveryRepository;
import dev.leadrouter.notify.delivery.SendableDelivery;
import dev.leadrouter.runtime.testing.TestDatabase;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link DeliveryRepository#claim}: the one statement that reads a delivery and starts its attempt
 * takes exactly what the read and the SENDING mark took, and nothing that must wait or not go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryClaimTest {
  final Vertx vertx = Vertx.vertx();
  Pool db;
  DeliveryRepository deliveries;
  UUID id;

  @BeforeAll
  void oneDeliveryThatNothingSends() {
    String dbUrl = TestDatabase.newDatabase();
    // notify creates the delivery, fails its first attempt (nothing listens for SMTP) and stops:
    // from then on only this test touches the row.
    try (RunningNotify service = RunningNotify.start(RunningNotify.freePort(), Map.of(), dbUrl)) {
      NotifyRequest request = TestRequests.newLead("claim@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  service.deliveriesOfAssignment(request.getAssignmentId()).get(0).getStatus()
                      == DeliveryStatus.DELIVERY_STATUS_RETRYING);
      id =
          UUID.fromString(
              service.deliveriesOfAssignment(request.getAssignmentId()).get(0).getDeliveryId());
    }
    db =
        PgBuilder.pool()
            .connectingTo(
                new PgConnectOptions(PgConnectOptions.fromUri(dbUrl))
                    .setProperties(Map.of("search_path", "notify")))
            .using(vertx)
            .build();
    deliveries = new DeliveryRepository(db);
  }

  @AfterAll
  void stop() {
    RunningNotify.await(vertx.close());
  }

  private void set(String status, Instant notBefore) {
    RunningNotify.await(
        db.preparedQuery("UPDATE deliveries SET status = $2, not_before = $3 WHERE id = $1")
            .execute(
                Tuple.of(
                    id,
                    status,
                    notBefore == null ? null : notBefore.atOffset(java.time.ZoneOffset.UTC))));
  }

  private int attempts() {
    return RunningNotify.await(
            db.preparedQuery("SELECT attempts FROM deliveries WHERE id = $1").execute(Tuple.of(id)))
        .iterator()
        .next()
        .getInteger(0);
  }

  private String status() {
    return RunningNotify.await(
            db.preparedQuery("SELECT status FROM deliveries WHERE id = $1").execute(Tuple.of(id)))
        .iterator()
        .next()
        .getString(0);
  }

  private Optional<SendableDelivery> claim(Instant now) {
    return RunningNotify.await(deliveries.claim(id, now));
  }

  @Test
  void startsTheAttemptAndAnswersTheStatusItHadBefore() {
    Instant now = Instant.now();
    for (String before : new String[] {"RETRYING", "PENDING", "SENDING"}) {
      set(before, null);
      int attemptsBefore = attempts();

      Optional<SendableDelivery> claimed = claim(now);

      assertThat(claimed).isPresent();
      // SENDING before means a replica died mid-send: the sender must ask whether it went out
      assertThat(claimed.get().status().name()).isEqualTo("DELIVERY_STATUS_" + before);
      assertThat(claimed.get().attempts()).isEqualTo(attemptsBefore + 1);
      assertThat(claimed.get().firstAttemptAt()).isNotNull();
      assertThat(claimed.get().request()).isNotEmpty();
      assertThat(attempts()).isEqualTo(attemptsBefore + 1);
      assertThat(status()).isEqualTo("SENDING");
    }
  }

  @Test
  void takesNothingHeldByRetryAfterNorAnythingFinishedNorAnUnknownId() {
    Instant now = Instant.now();
    set("RETRYING", now.plusSeconds(60));
    int attemptsBefore = attempts();
    assertThat(claim(now)).isEmpty();
    assertThat(attempts()).as("no attempt counted before Retry-After").isEqualTo(attemptsBefore);
    assertThat(status()).isEqualTo("RETRYING");
    assertThat(claim(now.plusSeconds(61))).as("due at the provider's time").isPresent();

    for (String done : new String[] {"SENT", "FAILED", "DEAD_LETTER", "DELIVERED", "SKIPPED"}) {
      set(done, null);
      int attemptsNow = attempts();
      assertThat(claim(now)).as(done).isEmpty();
      assertThat(attempts()).isEqualTo(attemptsNow);
      assertThat(status()).isEqualTo(done);
    }
    assertThat(RunningNotify.await(deliveries.claim(UUID.randomUUID(), now))).isEmpty();
  }
}
