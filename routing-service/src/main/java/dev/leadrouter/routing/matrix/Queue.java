package dev.leadrouter.routing.matrix;

import java.util.List;
import java.util.Map;

/**
 * A named group of reps that leads are distributed over.
 *
 * @param members rep ids in their matrix order (the order turns go round in)
 * @param weights member weights for {@link Strategy#WEIGHTED} (1 when not given)
 * @param owner the rep of a {@link Strategy#NAMED_OWNER} queue, else null
 * @param backupQueue where leads go when no member is eligible, or null (then the catch-all)
 * @param loadScope which open leads a {@link Strategy#LOAD_BALANCED} queue counts
 */
public record Queue(
    String id,
    Strategy strategy,
    List<String> members,
    Map<String, Integer> weights,
    RequiredSkills required,
    String owner,
    String backupQueue,
    LoadScope loadScope) {
  public Queue {
    members = List.copyOf(members);
    weights = Map.copyOf(weights);
  }

  public Queue(
      String id,
      Strategy strategy,
      List<String> members,
      Map<String, Integer> weights,
      RequiredSkills required,
      String owner,
      String backupQueue) {
    this(id, strategy, members, weights, required, owner, backupQueue, LoadScope.ALL_QUEUES);
  }

  /** A plain round-robin queue with no skill requirements. */
  public static Queue roundRobin(String id, List<String> members, String backupQueue) {
    return new Queue(
        id, Strategy.ROUND_ROBIN, members, Map.of(), RequiredSkills.NONE, null, backupQueue);
  }

  public int weight(String member) {
    return weights.getOrDefault(member, 1);
  }
}
