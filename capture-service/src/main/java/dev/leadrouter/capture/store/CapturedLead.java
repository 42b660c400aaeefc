package dev.leadrouter.capture.store;

import dev.leadrouter.v1.DedupeOutcome;
import dev.leadrouter.v1.Lead;

/**
 * The stored lead and what this request did: created it, merged into it (a repeat by the same
 * person; {@code duplicateOfLeadId} is its id), or replayed an earlier answer.
 */
public record CapturedLead(Lead lead, DedupeOutcome outcome, String duplicateOfLeadId) {
  public CapturedLead(Lead lead, DedupeOutcome outcome) {
    this(lead, outcome, "");
  }
}
