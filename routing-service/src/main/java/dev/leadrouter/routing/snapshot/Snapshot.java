package dev.leadrouter.routing.snapshot;

import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.v1.Rep;
import java.util.Map;

/** What a routing decision reads: the active matrix (compiled) and every rep, as of one reload. */
public record Snapshot(RoutingMatrix matrix, Map<String, Rep> reps) {
  public Snapshot {
    reps = Map.copyOf(reps);
  }
}
