package dev.leadrouter.routing.matrix;

import dev.leadrouter.routing.rules.Condition;

/**
 * One line of the lead-scoring model: a lead matching {@code when} earns {@code points} (may be
 * negative).
 */
public record ScoringRule(String id, Condition when, int points) {}
