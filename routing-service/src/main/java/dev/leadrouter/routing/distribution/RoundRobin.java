package dev.leadrouter.routing.distribution;

import java.util.List;

/**
 * Picks the member whose turn it is. The ticket is a per-queue counter shared by all routing
 * replicas (advanced atomically in PostgreSQL), so turns are handed out in one sequence however
 * many replicas route concurrently. It has no per-rep memory, so a rep returning from time off just
 * rejoins the rotation: no catch-up.
 */
public final class RoundRobin {
  private RoundRobin() {}

  /** The eligible member for this ticket; members keep the queue's order. */
  public static String pick(List<String> eligibleMembers, long ticket) {
    if (eligibleMembers.isEmpty()) {
      throw new IllegalArgumentException("no eligible member");
    }
    return eligibleMembers.get((int) Math.floorMod(ticket, (long) eligibleMembers.size()));
  }
}
