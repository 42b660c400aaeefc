package dev.leadrouter.sla.crm;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.CrmSystem;
import dev.leadrouter.v1.HoldReassignmentRequest;
import dev.leadrouter.v1.HoldReassignmentResponse;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Leads whose automatic reassignment is stopped because a person changed their owner in the CRM
 * (SlaService.HoldReassignment, called by notify-service's write-back). The ladder's other steps
 * still fire; only the reassignment is skipped, when its outbox row is delivered.
 */
public final class ReassignmentHolds {
  private static final String HOLD =
      "INSERT INTO reassignment_holds (lead_id, crm, crm_owner_id, reason) VALUES ($1, $2, $3, $4) "
          + "ON CONFLICT (lead_id) DO NOTHING RETURNING 1";
  private static final String HELD = "SELECT 1 FROM reassignment_holds WHERE lead_id = $1";

  private final Pool pool;

  public ReassignmentHolds(Pool pool) {
    this.pool = pool;
  }

  public Future<HoldReassignmentResponse> hold(HoldReassignmentRequest request) {
    validate(request);
    return pool.preparedQuery(HOLD)
        .execute(
            Tuple.of(
                request.getLeadId(),
                request.getSystem().name().substring("CRM_SYSTEM_".length()),
                request.getCrmOwnerId(),
                request.getReason()))
        .map(rows -> HoldReassignmentResponse.newBuilder().setNewlyHeld(rows.size() > 0).build());
  }

  public Future<Boolean> isHeld(String leadId) {
    return pool.preparedQuery(HELD).execute(Tuple.of(leadId)).map(rows -> rows.size() > 0);
  }

  static void validate(HoldReassignmentRequest r) {
    List<Violation> violations = new ArrayList<>();
    try {
      UUID.fromString(r.getLeadId());
    } catch (IllegalArgumentException e) {
      violations.add(new Violation("lead_id", "must be a lead id (UUID)"));
    }
    if (r.getSystem() == CrmSystem.CRM_SYSTEM_UNSPECIFIED
        || r.getSystem() == CrmSystem.UNRECOGNIZED) {
      violations.add(new Violation("system", "is required"));
    }
    if (r.getCrmOwnerId().length() > 64) {
      violations.add(new Violation("crm_owner_id", "must be at most 64 characters"));
    }
    if (r.getReason().length() > 1024) {
      violations.add(new Violation("reason", "must be at most 1024 characters"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidInputException(violations);
    }
  }
}
