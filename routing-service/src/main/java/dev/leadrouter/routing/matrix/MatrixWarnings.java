package dev.leadrouter.routing.matrix;

import dev.leadrouter.v1.Rep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is legal in a matrix but probably not meant: a queue whose members have all been deactivated
 * (its leads would always fall back), inactive reps still listed, queues nothing sends leads to.
 * Reported with a publish, never blocking it: the team may be about to change.
 */
public final class MatrixWarnings {
  private MatrixWarnings() {}

  public static List<String> of(RoutingMatrix matrix, Map<String, Rep> reps) {
    List<String> warnings = new ArrayList<>();
    Set<String> used = new HashSet<>();
    used.add(matrix.catchAllQueue());
    matrix.rules().forEach(r -> used.add(r.queueId()));
    matrix
        .queues()
        .values()
        .forEach(
            q -> {
              if (q.backupQueue() != null) {
                used.add(q.backupQueue());
              }
            });
    for (Queue q : matrix.queues().values()) {
      List<String> inactive =
          q.members().stream()
              .filter(m -> reps.get(m) == null || !reps.get(m).getActive())
              .toList();
      if (!q.members().isEmpty() && inactive.size() == q.members().size()) {
        warnings.add("queue " + q.id() + " has no active reps: its leads will always fall back");
      } else if (!inactive.isEmpty()) {
        warnings.add("queue " + q.id() + " lists inactive reps " + inactive + ": they are skipped");
      }
      if (!used.contains(q.id())) {
        warnings.add(
            "queue "
                + q.id()
                + " receives no leads: no rule sends to it and it is no backup or catch-all");
      }
    }
    backupCycles(matrix, warnings);
    matrix
        .rules()
        .forEach(r -> NormalizedLiterals.check("rule " + r.id(), r.when().source(), warnings));
    matrix
        .scoring()
        .forEach(
            sr ->
                NormalizedLiterals.check("scoring rule " + sr.id(), sr.when().source(), warnings));
    return warnings;
  }

  /**
   * Backup queues that lead back to themselves. Routing stops at a queue it has already tried and
   * goes on to the catch-all, so no lead loops, but a cycle is almost always a typo.
   */
  private static void backupCycles(RoutingMatrix matrix, List<String> warnings) {
    Set<String> reported = new HashSet<>();
    for (Queue start : matrix.queues().values()) {
      List<String> path = new ArrayList<>();
      Queue q = start;
      while (q != null && !path.contains(q.id())) {
        path.add(q.id());
        q = q.backupQueue() == null ? null : matrix.queue(q.backupQueue());
      }
      if (q != null
          && q.id().equals(start.id())
          && reported.add(new java.util.TreeSet<>(path).toString())) {
        // Named from its alphabetically first queue, whatever order the queues are held in.
        java.util.Collections.rotate(path, -path.indexOf(java.util.Collections.min(path)));
        path.add(path.get(0));
        warnings.add(
            "backup queues form a cycle "
                + String.join(" -> ", path)
                + ": a lead nobody in them can take goes to the catch-all queue after one round");
      }
    }
  }
}
