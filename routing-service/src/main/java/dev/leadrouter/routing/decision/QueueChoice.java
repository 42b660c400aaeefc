package dev.leadrouter.routing.decision;

import dev.leadrouter.routing.matrix.Queue;
import dev.leadrouter.v1.DecisionTrace;
import java.util.List;

/**
 * The queue a lead goes to and the members who may take it, before the strategy picks one.
 *
 * @param ruleId the matching rule, or "catch_all"
 * @param eligible members in queue order who passed availability
 * @param trace what was evaluated so far (rules, candidates, fallbacks)
 * @param lastResort true when no one was eligible anywhere and the catch-all's members are used regardless
 */
public record QueueChoice(Queue queue, String ruleId, boolean catchAll, List<String> eligible,
    DecisionTrace.Builder trace, boolean lastResort) {}
