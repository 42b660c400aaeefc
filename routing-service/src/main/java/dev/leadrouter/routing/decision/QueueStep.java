package dev.leadrouter.routing.decision;

import dev.leadrouter.routing.availability.Availability.Verdict;
import dev.leadrouter.routing.matrix.Queue;
import java.util.List;
import java.util.Map;

/**
 * One queue on the way to an assignment: the matched queue first, then its backups, the catch-all
 * last.
 *
 * @param candidates every rep considered, in queue order, with the availability verdict
 * @param available the candidates that passed availability (capacity is judged later, in the store)
 * @param note why the queue has no candidates at all (e.g. the lead has no account owner), or null
 */
public record QueueStep(
    Queue queue, Map<String, Verdict> candidates, List<String> available, String note) {}
