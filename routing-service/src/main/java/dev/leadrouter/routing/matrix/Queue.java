package dev.leadrouter.routing.matrix;

import java.util.List;

/**
 * A named group of reps that leads are distributed over.
 *
 * @param members rep ids in their round-robin order
 * @param backupQueue where leads go when no member is eligible, or null (then the catch-all)
 */
public record Queue(String id, String strategy, List<String> members, String backupQueue) {
  public Queue {
    members = List.copyOf(members);
  }
}
