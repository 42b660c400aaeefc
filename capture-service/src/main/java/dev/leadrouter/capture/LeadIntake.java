package dev.leadrouter.capture;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.google.protobuf.Timestamp;
import dev.leadrouter.capture.account.AccountDirectory;
import dev.leadrouter.capture.enrich.LeadEnrichment;
import dev.leadrouter.capture.lead.LeadNormalizer;
import dev.leadrouter.capture.lead.LeadValidator;
import dev.leadrouter.capture.source.SourceConfig;
import dev.leadrouter.capture.spam.DisposableEmail;
import dev.leadrouter.capture.store.CaptureGroupCommit;
import dev.leadrouter.capture.store.CapturedLead;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.runtime.input.InputRule;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.SourceChannel;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one path every source's lead takes: normalize, validate, check for spam, enrich, match to an
 * account, then store (new lead with its routing request, or merged into the same person's recent
 * lead) and wake the relay. Shared by all front doors (JSON, forms, webhooks, CSV, gRPC) so they
 * behave the same.
 */
public final class LeadIntake {
  private static final int MAX_IDEMPOTENCY_KEY = 128;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final LeadNormalizer normalizer;
  private final LeadValidator validator = new LeadValidator();
  private final DisposableEmail disposable = new DisposableEmail();
  private final CaptureGroupCommit store;
  private final LeadEnrichment enrichment;
  private final AccountDirectory accounts;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LeadIntake.class);
  private final Clock clock;

  /**
   * @param store where leads are stored, alone or in groups; its repository's routing requests are
   *     leased to this process's relay
   */
  public LeadIntake(
      CaptureGroupCommit store,
      LeadEnrichment enrichment,
      AccountDirectory accounts,
      LeadNormalizer normalizer,
      Clock clock) {
    this.normalizer = normalizer;
    this.store = store;
    this.enrichment = enrichment;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** A lead from the JSON or gRPC API. */
  public Future<CapturedLead> capture(Lead input, String idempotencyKey) {
    return capture(input, idempotencyKey, SourceConfig.api());
  }

  /**
   * The lead exactly as {@link #capture} would store it (normalized, validated, flagged, enriched,
   * matched to an account), without storing, deduplicating or routing it: CaptureService's
   * NormalizeLead, which routing's Simulate calls for a raw lead.
   */
  public Future<Lead> normalizeOnly(Lead input) {
    Lead lead;
    try {
      lead = prepare(input, null, SourceConfig.api());
    } catch (InvalidInputException e) {
      return Future.failedFuture(e);
    }
    return enrichment.enrich(lead).map(accounts::apply);
  }

  /**
   * Validates, normalizes, deduplicates and stores one lead, queuing its routing in the same
   * transaction.
   *
   * @param idempotencyKey the caller's key, or null; without one, the source's external id is used
   *     when present so a source re-sending the same lead does not create a second one
   */
  public Future<CapturedLead> capture(Lead input, String idempotencyKey, SourceConfig source) {
    // Only capture's own CRM sources may say which CRM record a lead is: the owner write-back
    // writes to that record, so a caller must not be able to point it at any record it likes.
    return intake(input.toBuilder().clearCrmRecord().build(), idempotencyKey, source);
  }

  /** A lead read from a CRM by capture's CRM sources; it keeps its {@code crm_record}. */
  public Future<CapturedLead> captureFromCrm(
      Lead input, String idempotencyKey, SourceConfig source) {
    return intake(input, idempotencyKey, source);
  }

  private Future<CapturedLead> intake(Lead input, String idempotencyKey, SourceConfig source) {
    Lead lead;
    try {
      // The one rule for every door (JSON, forms, webhooks, CSV, gRPC): no NUL or lone
      // surrogate in any text, timestamps in range; refused whole, nothing stored.
      InputRule.check(input, "");
      InputRule.checkText("idempotency_key", idempotencyKey);
      lead = prepare(input, idempotencyKey, source);
    } catch (InvalidInputException e) {
      return Future.failedFuture(e);
    }
    String key = idempotencyKey != null ? "key:" + idempotencyKey : externalKey(lead);
    return enrichment
        .enrich(lead)
        .map(accounts::apply)
        .map(enriched -> enriched.toBuilder().setLeadId(UUID.randomUUID().toString()).build())
        .compose(stamped -> store.capture(stamped, key))
        .onSuccess(
            captured -> {
              // Correlation: lead_id follows the lead through every service's logs; no personal
              // data here.
              log.info(
                  "lead captured {} {} {}",
                  kv("lead_id", captured.lead().getLeadId()),
                  kv("outcome", captured.outcome().name()),
                  kv("source_id", lead.getSource().getSourceId()));
            });
  }

  /** Everything up to enrichment; synchronous, so a bad lead is refused before any I/O. */
  // getSeconds()==0 && getNanos()==0 is the unset Timestamp, read as a whole
  @SuppressWarnings("ProtoTimestampGetSecondsGetNano")
  Lead prepare(Lead input, String idempotencyKey, SourceConfig source) {
    if (idempotencyKey != null
        && (idempotencyKey.isBlank()
            || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY
            || !idempotencyKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))) {
      throw new InvalidInputException(
          "idempotency_key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " printable ASCII characters");
    }
    Lead.Builder b =
        input.toBuilder()
            .clearLeadId()
            .clearAccountId()
            .clearAccountOwnerRepId()
            .clearFlags()
            .clearUpdatedAt();
    if (b.getSource().getSourceId().isEmpty()) {
      b.getSourceBuilder().setSourceId(source.id());
    }
    if (b.getSource().getChannel() == SourceChannel.SOURCE_CHANNEL_UNSPECIFIED) {
      b.getSourceBuilder().setChannel(source.channel());
    }
    Instant now = clock.instant();
    List<Violation> extra = new ArrayList<>();
    if (!b.hasReceivedAt()
        || (b.getReceivedAt().getSeconds() == 0 && b.getReceivedAt().getNanos() == 0)) {
      b.setReceivedAt(
          Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    } else if (Instant.ofEpochSecond(b.getReceivedAt().getSeconds())
        .isAfter(now.plus(CLOCK_SKEW))) {
      extra.add(new Violation("lead.received_at", "must not be in the future"));
    }
    Lead lead = normalizer.normalize(b.build());
    List<Violation> violations = new ArrayList<>(validator.validate(lead));
    violations.addAll(extra);
    if (disposable.isDisposable(lead.getContact().getEmail())) {
      if (source.rejectDisposableEmail()) {
        violations.add(
            new Violation("lead.contact.email", "disposable email addresses are not accepted"));
      } else {
        lead = lead.toBuilder().addFlags(DisposableEmail.FLAG).build();
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
    return lead;
  }

  private static String externalKey(Lead lead) {
    if (lead.getExternalId().isEmpty()) {
      return null;
    }
    return "external:" + lead.getSource().getSourceId() + ":" + lead.getExternalId();
  }
}
