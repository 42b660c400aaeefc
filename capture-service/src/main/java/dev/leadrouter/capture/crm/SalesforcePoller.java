package dev.leadrouter.capture.crm;

import dev.leadrouter.runtime.crm.SalesforceClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds new Salesforce Leads by polling SOQL on {@code CreatedDate} (then {@code Id}, for Leads
 * created in the same second) from a durable cursor. Only the replica holding the cursor's lease
 * polls; the Leads found and the moved cursor commit in one transaction, so a crash re-polls at
 * most what was not stored. Polling on CreatedDate, not SystemModstamp, means our own owner
 * write-back (an update) never comes back in as a new Lead.
 *
 * <p>Salesforce stamps CreatedDate when the creating transaction starts, but the Lead becomes
 * visible only when it commits: a Lead from a long transaction (a bulk import, a trigger chain) can
 * appear after the cursor has already moved past its CreatedDate. So every round starts an overlap
 * window ({@code CAPTURE_SALESFORCE_POLL_OVERLAP}) behind the cursor; Leads seen again there are
 * dropped by their Salesforce id (the inbox key), so each is still taken in once.
 */
public final class SalesforcePoller {
  static final String CURSOR = "salesforce:Lead";
  private static final Logger log = LoggerFactory.getLogger(SalesforcePoller.class);
  private static final DateTimeFormatter SOQL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter REST_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private final Vertx vertx;
  private final SalesforceClient salesforce;
  private final InboundRepository inbound;
  private final CrmInboundConfig config;
  private final Runnable found;
  private final Clock clock;
  private long timer = -1;
  private boolean polling;

  /**
   * @param found called after new Leads were stored, to take them in at once
   */
  public SalesforcePoller(
      Vertx vertx,
      SalesforceClient salesforce,
      InboundRepository inbound,
      CrmInboundConfig config,
      Runnable found,
      Clock clock) {
    this.vertx = vertx;
    this.salesforce = salesforce;
    this.inbound = inbound;
    this.config = config;
    this.found = found;
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(1, config.salesforcePollInterval().toMillis(), id -> poll());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** One round: pages until a short page; at most one round at a time in this replica. */
  public void poll() {
    if (polling) {
      return;
    }
    polling = true;
    Instant start = clock.instant().minus(config.salesforceBackfill());
    inbound
        .leaseCursor(CURSOR, start, config.cursorLease())
        .compose(
            cursor ->
                cursor == null
                    ? Future.succeededFuture()
                    : page(roundStart(cursor, config.salesforcePollOverlap())))
        .onComplete(
            ar -> {
              polling = false;
              if (ar.failed()) {
                log.warn("Salesforce poll failed: {}", ar.cause().getMessage());
              }
            });
  }

  private Future<Void> page(InboundRepository.Cursor cursor) {
    return salesforce
        .query(soql(cursor, config.salesforcePageSize()), config.salesforcePageSize())
        .compose(
            records -> {
              if (records.isEmpty()) {
                return Future.succeededFuture();
              }
              List<InboundRecord> batch = new ArrayList<>();
              for (JsonObject r : records) {
                batch.add(
                    new InboundRecord("SALESFORCE", r.getString("Id"), "Lead", r.encode(), 0));
              }
              JsonObject last = records.get(records.size() - 1);
              InboundRepository.Cursor next =
                  new InboundRepository.Cursor(createdDate(last), last.getString("Id"));
              return inbound
                  .storePolled(CURSOR, batch, next)
                  .compose(
                      added -> {
                        if (added < 0) {
                          // Our lease ran out and another replica polls now.
                          return Future.succeededFuture();
                        }
                        if (added > 0) {
                          log.info("Salesforce poll found {} new Leads", added);
                          found.run();
                        }
                        return records.size() < config.salesforcePageSize()
                            ? Future.succeededFuture()
                            : page(next);
                      });
            });
  }

  /**
   * Where a round starts reading: {@code overlap} behind the stored cursor (from the start of that
   * second, any Id), or at the cursor itself when there is no overlap.
   */
  static InboundRepository.Cursor roundStart(InboundRepository.Cursor cursor, Duration overlap) {
    if (overlap.isZero()) {
      return cursor;
    }
    return new InboundRepository.Cursor(
        cursor.time().minus(overlap).truncatedTo(ChronoUnit.SECONDS), "");
  }

  /**
   * Leads after the position (at or after its second when it names no Id), oldest first; SOQL
   * datetimes have second precision.
   */
  static String soql(InboundRepository.Cursor position, int limit) {
    String t = SOQL_TIME.format(position.time().truncatedTo(ChronoUnit.SECONDS));
    String id = position.id().replaceAll("[^A-Za-z0-9]", "");
    // Salesforce refuses an empty Id literal ("invalid ID field"), so no Id, no Id clause.
    String after =
        id.isEmpty()
            ? "CreatedDate >= " + t
            : "(CreatedDate > " + t + " OR (CreatedDate = " + t + " AND Id > '" + id + "'))";
    return "SELECT "
        + String.join(", ", SalesforceLeadMapping.FIELDS)
        + " FROM Lead WHERE "
        + after
        + " ORDER BY CreatedDate ASC, Id ASC LIMIT "
        + limit;
  }

  static Instant createdDate(JsonObject record) {
    return OffsetDateTime.parse(record.getString("CreatedDate"), REST_TIME).toInstant();
  }
}
