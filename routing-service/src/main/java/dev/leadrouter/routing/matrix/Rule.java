package dev.leadrouter.routing.matrix;

import dev.leadrouter.routing.rules.Condition;

/**
 * "Leads matching this CEL condition go to that queue." Rules are tried in priority order (lowest
 * first, document order for equal priorities); the first that matches decides the queue.
 */
public record Rule(String id, int priority, Condition when, String queueId) {}
