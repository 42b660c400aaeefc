package dev.leadrouter.capture;

import com.google.protobuf.Timestamp;
import dev.leadrouter.capture.lead.LeadNormalizer;
import dev.leadrouter.capture.lead.LeadValidator;
import dev.leadrouter.capture.store.CapturedLead;
import dev.leadrouter.capture.store.LeadRepository;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Lead;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The one path every source's lead takes: normalize, validate, store with its routing request, and
 * wake the relay. Shared by the HTTP and gRPC front doors so both behave the same.
 */
public final class LeadIntake {
  private static final int MAX_IDEMPOTENCY_KEY = 128;

  private final LeadNormalizer normalizer = new LeadNormalizer();
  private final LeadValidator validator = new LeadValidator();
  private final LeadRepository repository;
  private final Runnable wakeRelay;
  private final Clock clock;

  public LeadIntake(LeadRepository repository, Runnable wakeRelay, Clock clock) {
    this.repository = repository;
    this.wakeRelay = wakeRelay;
    this.clock = clock;
  }

  /**
   * @param idempotencyKey the caller's key, or null; without one, the source's external id is used
   *     when present so a source re-sending the same lead does not create a second one
   */
  public Future<CapturedLead> capture(Lead input, String idempotencyKey) {
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
      return Future.failedFuture(new InvalidInputException("idempotency_key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters"));
    }
    Lead lead = normalizer.normalize(input);
    List<Violation> violations = validator.validate(lead);
    if (!violations.isEmpty()) {
      return Future.failedFuture(new InvalidInputException(violations));
    }
    Instant now = clock.instant();
    Lead stamped = lead.toBuilder()
        .setLeadId(UUID.randomUUID().toString())
        .setReceivedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .build();
    String key = idempotencyKey != null ? "key:" + idempotencyKey : externalKey(stamped);
    return repository.capture(stamped, key).onSuccess(captured -> wakeRelay.run());
  }

  private static String externalKey(Lead lead) {
    if (lead.getExternalId().isEmpty()) {
      return null;
    }
    return "external:" + lead.getSource().getSourceId() + ":" + lead.getExternalId();
  }
}
