package dev.leadrouter.routing;

import dev.leadrouter.routing.store.AssignmentRepository;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.NotFoundException;
import dev.leadrouter.runtime.errors.Violation;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.ReassignRequest;
import dev.leadrouter.v1.Rep;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Moves a lead to another rep (by people, or by sla-service on escalation): the matrix decides
 * again, excluding every earlier owner of the lead and the reps asked to be excluded. The new
 * assignment has sequence + 1 and points at the one it replaces; its owner and the previous owner
 * are notified and a new SLA clock starts.
 *
 * <p>Safe to retry: a request with the same idempotency key (or, without one, the same requester,
 * reason and exclusions as the request that made the current assignment) returns that assignment.
 */
public final class Reassignment {
  private static final int MAX_ATTEMPTS = 3;
  private final LeadRouting routing;
  private final AssignmentRepository assignments;

  public Reassignment(LeadRouting routing, AssignmentRepository assignments) {
    this.routing = routing;
    this.assignments = assignments;
  }

  public Future<Assignment> reassign(ReassignRequest r) {
    UUID leadId = validate(r);
    String key =
        r.getIdempotencyKey().isEmpty() ? "auto:" + digest(r) : "key:" + r.getIdempotencyKey();
    return attempt(r, leadId, key, 1);
  }

  private Future<Assignment> attempt(ReassignRequest r, UUID leadId, String key, int attempt) {
    return assignments
        .history(leadId)
        .compose(
            history -> {
              if (history.isEmpty()) {
                return Future.failedFuture(
                    new NotFoundException("lead " + leadId + " has no assignment"));
              }
              AssignmentRepository.Stored current = history.get(0);
              var done =
                  key.startsWith("key:")
                      ? history.stream().filter(h -> key.equals(h.requestKey())).findFirst()
                      : java.util.Optional.of(current).filter(h -> key.equals(h.requestKey()));
              if (done.isPresent()) {
                return Future.succeededFuture(done.get().assignment());
              }
              Lead lead =
                  history.stream()
                      .map(AssignmentRepository.Stored::lead)
                      .filter(l -> l != null)
                      .findFirst()
                      .orElse(Lead.newBuilder().setLeadId(leadId.toString()).build());
              Set<String> excluded = new HashSet<>(r.getExcludeRepIdsList());
              history.forEach(h -> excluded.add(h.assignment().getRepId()));
              Assignment previous = current.assignment();
              Rep previousOwner =
                  previous.hasRep()
                      ? previous.getRep()
                      : Rep.newBuilder().setRepId(previous.getRepId()).build();
              var request =
                  new LeadRouting.Request(
                      lead,
                      excluded,
                      previous,
                      r.getRequestedBy(),
                      r.getReason(),
                      key,
                      previousOwner);
              return routing
                  .assign(request, 1)
                  .recover(
                      e ->
                          e instanceof LeadRouting.Conflict && attempt < MAX_ATTEMPTS
                              // someone else moved the lead first: look again (it may have been
                              // this very request)
                              ? attempt(r, leadId, key, attempt + 1)
                              : Future.failedFuture(e));
            });
  }

  private static UUID validate(ReassignRequest r) {
    List<Violation> v = new ArrayList<>();
    UUID leadId = null;
    try {
      leadId = UUID.fromString(r.getLeadId());
    } catch (IllegalArgumentException e) {
      v.add(new Violation("lead_id", "must be a lead id (UUID)"));
    }
    if (r.getReason().length() > 1024) {
      v.add(new Violation("reason", "at most 1024 characters"));
    }
    if (r.getRequestedBy().isBlank() || r.getRequestedBy().length() > 256) {
      v.add(new Violation("requested_by", "required, at most 256 characters"));
    }
    if (r.getIdempotencyKey().length() > 128) {
      v.add(new Violation("idempotency_key", "at most 128 characters"));
    }
    if (r.getExcludeRepIdsCount() > 1000) {
      v.add(new Violation("exclude_rep_ids", "at most 1000 reps"));
    }
    if (!v.isEmpty()) {
      throw new InvalidInputException(v);
    }
    return leadId;
  }

  private static String digest(ReassignRequest r) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String canonical =
          r.getRequestedBy()
              + "\n"
              + r.getReason()
              + "\n"
              + String.join(",", r.getExcludeRepIdsList().stream().sorted().toList());
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
