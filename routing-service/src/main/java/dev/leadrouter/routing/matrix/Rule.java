package dev.leadrouter.routing.matrix;

import dev.leadrouter.v1.Lead;
import java.util.Set;

/**
 * "Leads from these countries go to that queue." Rules are tried in priority order (lowest first);
 * the first that matches decides the queue.
 */
public record Rule(String id, int priority, Set<String> countries, String queueId) {
  public Rule {
    countries = Set.copyOf(countries);
  }

  public boolean matches(Lead lead) {
    return countries.contains(lead.getLocation().getCountryCode());
  }

  public String describe() {
    return "country in " + new java.util.TreeSet<>(countries);
  }
}
