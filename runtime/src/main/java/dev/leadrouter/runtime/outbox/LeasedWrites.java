package dev.leadrouter.runtime.outbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox rows one transaction writes, leased to this process's relay as they are inserted, so
 * that once the transaction commits the relay delivers them at once ({@link #committed()}) instead
 * of finding them again with a claim.
 *
 * <p>Why: under load each row used to cost a NOTIFY, a wake-up in every replica and a claim that
 * scans the queue past the rows in flight; PostgreSQL spent more on that than on the lead. Nothing
 * changes for safety: the row commits with the change it belongs to, and should this process die
 * before delivering it, the lease runs out and any replica claims it as usual.
 *
 * <p>Use one per transaction attempt, on one event loop. A transaction that rolls back simply never
 * calls {@link #committed()}.
 */
public final class LeasedWrites {
  private static final String INTO =
      "INSERT INTO outbox (topic, message_key, payload, lease_owner, lease_until, attempts) ";
  private static final String INSERT = insertRow(1);
  private static final String INSERT_ALL =
      INTO
          + "SELECT topic, message_key, payload, $4, now() + $5 * interval '1 millisecond', 1 "
          + "FROM unnest($1::text[], $2::text[], $3::bytea[]) AS m(topic, message_key, payload) "
          + "ON CONFLICT (topic, message_key) DO NOTHING RETURNING id, topic, message_key";

  /**
   * From how many rows {@link #enqueueAll} uses one multi-row statement. Below it, single-row
   * inserts cost PostgreSQL less (pg_stat_statements in the system benchmark: the unnest form took
   * more time per lead than two single inserts when groups held one lead).
   */
  private static final int ROWS_FOR_ONE_STATEMENT = 8;

  /** One row to enqueue with {@link #enqueueAll}. */
  // The payload is written as is; rows are never compared by value.
  @SuppressWarnings("ArrayRecordComponent")
  public record Message(String topic, String key, byte[] payload) {}

  private final OutboxRelay relay;
  private final List<OutboxMessage> written = new ArrayList<>();

  /**
   * Taken before the transaction begins: the rows' lease runs from the transaction's start ({@code
   * now()} in PostgreSQL), so their age is counted from no later than that.
   */
  private final long createdNanos = System.nanoTime();

  LeasedWrites(OutboxRelay relay) {
    this.relay = relay;
  }

  /**
   * Enqueues a call, as {@link Outbox#enqueue} does, leased to this process's relay. A second
   * enqueue of the same topic and key while the first is pending is a no-op.
   */
  public Future<Void> enqueue(SqlClient tx, String topic, String key, byte[] payload) {
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(topic, key, Buffer.buffer(payload), owner(), leaseMillis()))
        .map(
            rows -> {
              added(rows, topic, key, payload);
              return null;
            });
  }

  /**
   * {@link #enqueue} for several rows in one statement: a routing group's hand-offs pay one
   * statement instead of two per lead. Each topic and key at most once in {@code messages}.
   */
  public Future<Void> enqueueAll(SqlClient tx, List<Message> messages) {
    if (messages.size() < ROWS_FOR_ONE_STATEMENT) {
      // pipelined on the transaction's connection: no round trip each
      return Future.all(
              messages.stream().map(m -> enqueue(tx, m.topic(), m.key(), m.payload())).toList())
          .mapEmpty();
    }
    java.util.Map<String, Message> byTopicAndKey = new java.util.HashMap<>();
    messages.forEach(m -> byTopicAndKey.put(m.topic() + "\n" + m.key(), m));
    return tx.preparedQuery(INSERT_ALL)
        .execute(
            Tuple.of(
                messages.stream().map(Message::topic).toArray(String[]::new),
                messages.stream().map(Message::key).toArray(String[]::new),
                messages.stream().map(m -> Buffer.buffer(m.payload())).toArray(Buffer[]::new),
                owner(),
                leaseMillis()))
        .map(
            rows -> {
              for (Row r : rows) {
                Message m = byTopicAndKey.get(r.getString(1) + "\n" + r.getString(2));
                written.add(new OutboxMessage(r.getLong(0), m.topic(), m.key(), m.payload(), 1));
              }
              return null;
            });
  }

  /**
   * The insert of one leased row, for SQL that writes it inline with other statements: parameters
   * {@code $first} to {@code $(first + 4)} are the topic, key, payload, {@link #owner()} and {@link
   * #leaseMillis()}; it returns the new row's id, or no row when the topic and key are pending.
   */
  public static String insertRow(int first) {
    return INTO
        + String.format(
            "VALUES ($%d, $%d, $%d, $%d, now() + $%d * interval '1 millisecond', 1) ",
            first, first + 1, first + 2, first + 3, first + 4)
        + "ON CONFLICT (topic, message_key) DO NOTHING RETURNING id";
  }

  /** The relay that will deliver the rows, for an insert written inline with other SQL. */
  public String owner() {
    return relay.owner();
  }

  /** How long the rows stay leased, in milliseconds, for an insert written inline. */
  public long leaseMillis() {
    return relay.leaseMillis();
  }

  /**
   * Records the row an inline insert returned (its first column is the outbox id); no row means the
   * topic and key were already pending.
   */
  public void added(RowSet<Row> returned, String topic, String key, byte[] payload) {
    for (Row r : returned) {
      written.add(new OutboxMessage(r.getLong(0), topic, key, payload, 1));
    }
  }

  /** The transaction committed: the relay delivers the rows now. */
  public void committed() {
    relay.deliverCommitted(List.copyOf(written), createdNanos);
  }
}
