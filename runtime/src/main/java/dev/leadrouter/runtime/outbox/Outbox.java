package dev.leadrouter.runtime.outbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Writes outbox rows; call it with the transaction's connection so the row commits with the change.
 */
public final class Outbox {
  private Outbox() {}

  /**
   * Enqueues a call. A second enqueue of the same topic and key while the first is pending is a
   * no-op, which makes retried transactions safe.
   */
  public static Future<Void> enqueue(SqlClient tx, String topic, String key, byte[] payload) {
    return tx.preparedQuery(
            "INSERT INTO outbox (topic, message_key, payload) VALUES ($1, $2, $3) "
                + "ON CONFLICT (topic, message_key) DO NOTHING")
        .execute(Tuple.of(topic, key, Buffer.buffer(payload)))
        .mapEmpty();
  }
}
