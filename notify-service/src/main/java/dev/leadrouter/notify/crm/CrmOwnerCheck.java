package dev.leadrouter.notify.crm;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.v1.CheckCrmOwnerRequest;
import dev.leadrouter.v1.CheckCrmOwnerResponse;
import dev.leadrouter.v1.CrmSystem;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NotifyService.CheckCrmOwner: before sla-service reassigns a lead automatically, read the owner of
 * its CRM record. An owner other than the one leadrouter wrote last was set by a person: it is
 * recorded as an override and the reassignment must not happen. When the CRM cannot be read the
 * answer is "not overridden": a CRM outage must not hold every lead with its first owner (the
 * write-back still refuses to overwrite a person's choice afterwards).
 */
public final class CrmOwnerCheck {
  private static final Logger log = LoggerFactory.getLogger(CrmOwnerCheck.class);

  private final Map<CrmSystem, CrmOwners> crms;
  private final OwnerWriteRepository repository;

  public CrmOwnerCheck(Map<CrmSystem, CrmOwners> crms, OwnerWriteRepository repository) {
    this.crms = crms;
    this.repository = repository;
  }

  public Future<CheckCrmOwnerResponse> check(CheckCrmOwnerRequest request) {
    try {
      UUID.fromString(request.getLeadId());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new InvalidInputException("lead_id", "must be a lead id (UUID)"));
    }
    return repository
        .lastWriteOfLead(request.getLeadId())
        .compose(
            last -> {
              CrmOwners crm = last == null ? null : crms.get(last.system());
              if (crm == null) {
                return Future.succeededFuture(CheckCrmOwnerResponse.getDefaultInstance());
              }
              return crm.ownersOf(last.objectType(), List.of(last.recordId()))
                  .compose(owners -> decide(last, owners.get(last.recordId())))
                  .recover(
                      e -> {
                        log.warn(
                            "cannot read the {} owner of lead {}: {}",
                            last.label(),
                            request.getLeadId(),
                            e.getMessage());
                        return Future.succeededFuture(
                            CheckCrmOwnerResponse.newBuilder().setSystem(last.system()).build());
                      });
            });
  }

  private Future<CheckCrmOwnerResponse> decide(WriteBackTarget last, String current) {
    CheckCrmOwnerResponse.Builder answer =
        CheckCrmOwnerResponse.newBuilder()
            .setSystem(last.system())
            .setCrmOwnerId(current == null ? "" : current);
    // A deleted record has no owner to respect; our own owner still there means no override.
    if (current == null
        || OwnerDecision.decide(last, null, current) == OwnerDecision.Verdict.ALREADY_OWNER) {
      return Future.succeededFuture(answer.build());
    }
    return repository.recordOverride(last, current).map(v -> answer.setOverridden(true).build());
  }
}
