package dev.leadrouter.routing.decision;

import dev.leadrouter.routing.matrix.ScoringRule;
import dev.leadrouter.v1.Lead;
import java.util.ArrayList;
import java.util.List;

/**
 * A lead's score under the matrix's scoring model: the sum of the points of every scoring rule it
 * matches. Rules see it as {@code score}.
 */
public record Score(long total, List<String> contributions) {
  public static Score of(Lead lead, List<ScoringRule> model) {
    long total = 0;
    List<String> parts = new ArrayList<>();
    for (ScoringRule s : model) {
      var outcome = s.when().evaluate(lead, 0);
      if (outcome.matched()) {
        total += s.points();
        parts.add(s.id() + ": " + (s.points() >= 0 ? "+" : "") + s.points());
      }
    }
    return new Score(total, List.copyOf(parts));
  }
}
