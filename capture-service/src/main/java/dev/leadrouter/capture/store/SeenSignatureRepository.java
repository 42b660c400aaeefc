package dev.leadrouter.capture.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The signatures of accepted signed webhooks, in PostgreSQL so every replica knows them: the same
 * signed request is accepted once within its replay window, whichever pod it reaches.
 */
public final class SeenSignatureRepository {
  private final Pool pool;

  public SeenSignatureRepository(Pool pool) {
    this.pool = pool;
  }

  /** Records the signature until {@code expiresAt}; false when a live record of it exists. */
  public Future<Boolean> firstTime(String signature, Instant expiresAt) {
    return pool.preparedQuery(
            "INSERT INTO seen_signatures (signature, expires_at) VALUES ($1, $2) "
                + "ON CONFLICT (signature) DO UPDATE SET expires_at = EXCLUDED.expires_at "
                + "WHERE seen_signatures.expires_at < now() RETURNING signature")
        .execute(Tuple.of(signature, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Lets a verified request that then failed be sent again with the same signature. */
  public Future<Void> forget(String signature) {
    return pool.preparedQuery("DELETE FROM seen_signatures WHERE signature = $1")
        .execute(Tuple.of(signature))
        .mapEmpty();
  }

  /** Drops the records whose window has passed; returns how many. */
  public Future<Integer> purgeExpired() {
    return pool.query("DELETE FROM seen_signatures WHERE expires_at < now()")
        .execute()
        .map(rows -> rows.rowCount());
  }
}
