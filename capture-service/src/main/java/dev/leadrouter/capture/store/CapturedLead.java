package dev.leadrouter.capture.store;

import dev.leadrouter.v1.DedupeOutcome;
import dev.leadrouter.v1.Lead;

/** The stored lead and whether this request created it or replayed an earlier one. */
public record CapturedLead(Lead lead, DedupeOutcome outcome) {}
