package dev.leadrouter.routing.matrix;

import dev.leadrouter.routing.rules.CountryCoverage;
import dev.leadrouter.routing.rules.Territory;
import dev.leadrouter.runtime.errors.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds rules that can never match because a rule evaluated before them takes every lead they
 * would: an unconditional {@code true}, the same condition, or a country (or countries-only
 * territory) set that contains theirs. Almost always a mistake, so publishing refuses them.
 */
final class ShadowedRules {
  private final CountryCoverage coverage;

  ShadowedRules(Map<String, Territory> territories) {
    this.coverage = new CountryCoverage(territories);
  }

  /**
   * Reports on {@code rules[i]} with i the rule's position in the document ({@code position}),
   * which differs from its place in {@code documentOrder} when an earlier rule failed to compile.
   */
  void check(
      List<Rule> documentOrder,
      java.util.function.Function<Rule, Integer> position,
      List<Violation> v) {
    List<Rule> evaluated =
        documentOrder.stream().sorted(java.util.Comparator.comparingInt(Rule::priority)).toList();
    for (int i = 0; i < evaluated.size(); i++) {
      Rule later = evaluated.get(i);
      for (int j = 0; j < i; j++) {
        String why = shadows(evaluated.get(j), later);
        if (why != null) {
          v.add(
              new Violation(
                  "rules[" + position.apply(later) + "]",
                  "rule '"
                      + later.id()
                      + "' never matches: "
                      + "rule '"
                      + evaluated.get(j).id()
                      + "' is evaluated first and "
                      + why));
          break;
        }
      }
    }
  }

  private String shadows(Rule earlier, Rule later) {
    if (earlier.when().alwaysTrue()) {
      return "matches every lead";
    }
    if (normalized(earlier).equals(normalized(later))) {
      return "has the same condition";
    }
    Optional<Set<String>> taken = coverage.exactly(earlier.when());
    Optional<Set<String>> wanted = coverage.atMost(later.when());
    if (taken.isPresent() && wanted.isPresent() && taken.get().containsAll(wanted.get())) {
      return "takes all of " + new TreeSet<>(wanted.get());
    }
    return null;
  }

  private static String normalized(Rule r) {
    return r.when().source().replaceAll("\\s+", "").replace('"', '\'');
  }
}
