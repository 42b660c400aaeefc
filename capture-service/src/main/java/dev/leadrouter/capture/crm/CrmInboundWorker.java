package dev.leadrouter.capture.crm;

import dev.leadrouter.capture.LeadIntake;
import dev.leadrouter.capture.source.FieldMapping;
import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.capture.source.SourceKind;
import dev.leadrouter.runtime.crm.CrmFailure;
import dev.leadrouter.runtime.crm.HubSpotClient;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.outbox.Backoff;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.SourceChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes announced CRM records in as leads: reads the record (as polled, or fetched from HubSpot),
 * maps it, and captures it through the one intake path every lead takes, with the idempotency key
 * {@code crm:<crm>:<record id>} so a record is one lead however often it is announced or retried.
 * Transient failures are retried with backoff (honouring Retry-After); a record that cannot be a
 * lead, or that was deleted, is closed with its reason.
 */
public final class CrmInboundWorker {
  private static final Logger log = LoggerFactory.getLogger(CrmInboundWorker.class);

  private final Vertx vertx;
  private final InboundRepository inbound;
  private final LeadIntake intake;
  private final HubSpotClient hubspot;
  private final CrmInboundConfig config;
  private final Backoff backoff = Backoff.standard();
  private long timer = -1;
  private boolean draining;
  private boolean kickedWhileDraining;

  public CrmInboundWorker(
      Vertx vertx,
      InboundRepository inbound,
      LeadIntake intake,
      HubSpotClient hubspot,
      CrmInboundConfig config) {
    this.vertx = vertx;
    this.inbound = inbound;
    this.intake = intake;
    this.hubspot = hubspot;
    this.config = config;
  }

  public void start() {
    timer = vertx.setPeriodic(config.workerInterval().toMillis(), id -> kick());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Takes in what is due now; called after records were stored. */
  public void kick() {
    if (draining) {
      kickedWhileDraining = true;
      return;
    }
    draining = true;
    kickedWhileDraining = false;
    inbound
        .claim(config.workerBatch(), config.recordLease())
        .compose(
            records -> Future.join(records.stream().map(this::takeIn).toList()).map(records.size()))
        .onComplete(
            ar -> {
              draining = false;
              if (ar.failed()) {
                log.warn("CRM inbound round failed: {}", ar.cause().getMessage());
              } else if (ar.result() == config.workerBatch() || kickedWhileDraining) {
                kick();
              }
            });
  }

  private Future<Void> takeIn(InboundRecord r) {
    Future<Lead> lead;
    try {
      lead = read(r);
    } catch (RuntimeException e) {
      lead = Future.failedFuture(e);
    }
    return lead.compose(
            l ->
                intake.captureFromCrm(
                    l, "crm:" + r.crm().toLowerCase() + ":" + r.recordId(), source(r)))
        .compose(
            captured -> {
              log.info(
                  "{} record {} taken in as lead {}",
                  r.crm(),
                  r.recordId(),
                  captured.lead().getLeadId());
              return inbound.done(r, UUID.fromString(captured.lead().getLeadId()), null);
            })
        .recover(e -> failed(r, e));
  }

  private Future<Lead> read(InboundRecord r) {
    if (r.record() != null) {
      return Future.succeededFuture(SalesforceLeadMapping.toLead(new JsonObject(r.record())));
    }
    if (hubspot == null) {
      return Future.failedFuture(
          CrmFailure.transientFailure("HubSpot is not connected to this replica", false));
    }
    return hubspot
        .contact(r.recordId(), HubSpotContactMapping.PROPERTIES)
        .map(p -> HubSpotContactMapping.toLead(r.recordId(), p));
  }

  private Future<Void> failed(InboundRecord r, Throwable e) {
    if (e instanceof InvalidInputException invalid) {
      log.warn("{} record {} cannot be a lead: {}", r.crm(), r.recordId(), invalid.getMessage());
      return inbound.done(r, null, "refused: " + invalid.getMessage());
    }
    if (e instanceof CrmFailure f && f.permanent()) {
      log.warn("{} record {} cannot be read: {}", r.crm(), r.recordId(), f.getMessage());
      return inbound.done(r, null, f.getMessage());
    }
    Duration wait = backoff.delayAfter(r.attempts() + 1);
    if (e instanceof CrmFailure f && f.retryAfter() != null && f.retryAfter().compareTo(wait) > 0) {
      wait = f.retryAfter();
    }
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    log.info("{} record {} will be retried in {}: {}", r.crm(), r.recordId(), wait, why);
    return inbound.retryLater(r, why, wait);
  }

  private static SourceConfig source(InboundRecord r) {
    boolean sf = "SALESFORCE".equals(r.crm());
    return new SourceConfig(
        sf ? SalesforceLeadMapping.SOURCE_ID : HubSpotContactMapping.SOURCE_ID,
        SourceKind.JSON,
        SourceChannel.SOURCE_CHANNEL_CRM_WEBHOOK,
        null,
        null,
        Duration.ofMinutes(5),
        null,
        false,
        Set.of(),
        FieldMapping.standard(),
        Map.of());
  }
}
