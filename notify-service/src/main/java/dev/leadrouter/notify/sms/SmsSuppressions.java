package dev.leadrouter.notify.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Phone numbers that must not get SMS ({@code sms_suppressions}): the recipient replied STOP, or
 * the carrier answered 21610 (the number unsubscribed from our sender). Sending to them again
 * breaks carrier rules and gets sender numbers blocked; START/UNSTOP removes a number.
 */
public final class SmsSuppressions {
  private final Pool pool;

  public SmsSuppressions(Pool pool) {
    this.pool = pool;
  }

  public Future<Boolean> contains(String phone) {
    return pool.preparedQuery("SELECT 1 FROM sms_suppressions WHERE phone = $1")
        .execute(Tuple.of(phone))
        .map(rows -> rows.size() > 0);
  }

  public Future<Void> add(String phone, String reason) {
    return pool.preparedQuery(
            "INSERT INTO sms_suppressions (phone, reason) VALUES ($1, $2) "
                + "ON CONFLICT (phone) DO NOTHING")
        .execute(Tuple.of(phone, reason))
        .mapEmpty();
  }

  public Future<Void> remove(String phone) {
    return pool.preparedQuery("DELETE FROM sms_suppressions WHERE phone = $1")
        .execute(Tuple.of(phone))
        .mapEmpty();
  }
}
