package dev.leadrouter.routing.matrix;

import java.util.Set;

/**
 * What every rep taking leads from a queue must have: languages (BCP 47), products, free skill
 * tags.
 */
public record RequiredSkills(Set<String> languages, Set<String> products, Set<String> skills) {
  public static final RequiredSkills NONE = new RequiredSkills(Set.of(), Set.of(), Set.of());

  public RequiredSkills {
    languages = Set.copyOf(languages);
    products = Set.copyOf(products);
    skills = Set.copyOf(skills);
  }

  public boolean isEmpty() {
    return languages.isEmpty() && products.isEmpty() && skills.isEmpty();
  }
}
