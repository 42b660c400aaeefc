package dev.leadrouter.routing.distribution;

import java.util.List;
import java.util.Map;

/**
 * Round robin with a memory per rep: the lead goes to the eligible member whose latest assignment
 * in this queue is the oldest (never assigned counts as oldest; ties in queue order). A plain
 * {@code eligible[ticket % size]} skews as soon as the eligible list changes between turns
 * (presence flapping, a rep hovering at a cap, a reassignment excluding someone): the index then
 * lands on the same rep again and again. Remembering each rep's last turn keeps the reps that stay
 * eligible within one lead of each other however the others come and go.
 *
 * <p>The memory is the ticket (the queue's turn sequence in PostgreSQL, shared by all replicas) of
 * each member's last assignment, read and written under the queue row's lock, so it is exact across
 * replicas. A rep back from time off has the oldest turn and gets the next lead, then rejoins the
 * rotation: one lead, no catch-up flood.
 */
public final class RoundRobin {
  private RoundRobin() {}

  /** The eligible member whose last turn in the queue is the oldest; members keep queue order. */
  public static String leastRecent(List<String> eligibleMembers, Map<String, Long> lastTurns) {
    if (eligibleMembers.isEmpty()) {
      throw new IllegalArgumentException("no eligible member");
    }
    String best = null;
    long bestTurn = 0;
    for (String m : eligibleMembers) {
      long turn = lastTurns.getOrDefault(m, -1L);
      if (best == null || turn < bestTurn) {
        best = m;
        bestTurn = turn;
      }
    }
    return best;
  }

  /**
   * The eligible member for this ticket; members keep the queue's order. Only a tie-breaker (load
   * balancing): it has no memory per rep.
   */
  public static String pick(List<String> eligibleMembers, long ticket) {
    if (eligibleMembers.isEmpty()) {
      throw new IllegalArgumentException("no eligible member");
    }
    return eligibleMembers.get((int) Math.floorMod(ticket, (long) eligibleMembers.size()));
  }
}
