package dev.leadrouter.routing.distribution;

/**
 * A strategy's choice.
 *
 * @param repId who gets the lead
 * @param next the queue state to store (current weights change for weighted queues)
 * @param why how the strategy chose, as a clause for the assignment's reason
 */
public record Pick(String repId, QueueState next, String why) {}
