package dev.leadrouter.bench.routing;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Routing matrices of a given size for the benchmarks: realistic conditions, none shadowed. */
final class BenchMatrices {
  static final List<String> REPS = List.of("r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8");
  private static final String[] COUNTRIES = {"US", "CA", "GB", "DE", "FR", "NL", "ES", "IT"};

  private BenchMatrices() {}

  /**
   * {@code rules} rules over four queues. Rule i needs an employee count of exactly i plus a
   * country, product, regex or territory check, so a lead with no company size is checked against
   * every rule and lands in the catch-all: the worst case.
   */
  static String yaml(int rules) {
    String ruleText =
        IntStream.range(0, rules)
            .mapToObj(
                i -> {
                  String extra =
                      switch (i % 4) {
                        case 0 ->
                            "lead.location.country_code == '"
                                + COUNTRIES[i % COUNTRIES.length]
                                + "'";
                        case 1 -> "'product-" + i + "' in lead.product_interests";
                        case 2 -> "lead.location.postal_code.matches('^" + (i % 10) + "')";
                        default -> "in_territory(lead, 'emea')";
                      };
                  return "  - id: rule-"
                      + i
                      + "\n    priority: "
                      + i
                      + "\n    when: \"lead.company.employee_count == "
                      + (i + 1)
                      + " && "
                      + extra
                      + " && score >= 10\"\n    queue: q"
                      + (i % 4);
                })
            .collect(Collectors.joining("\n"));
    return """
        territories:
          emea: { countries: [GB, DE, FR, NL, ES, IT], postal_prefixes: ["US:99"] }
        scoring:
          - id: web
            when: lead.source.source_id == 'web'
            points: 10
          - id: pricing
            when: lead.inquiry_text.matches('(?i)pricing')
            points: 20
        queues:
          - id: q0
            members: [r1, r2]
          - id: q1
            strategy: weighted
            members: [{rep: r3, weight: 3}, {rep: r4, weight: 1}]
          - id: q2
            members: [r5, r6]
          - id: q3
            members: [r7]
          - id: catch-all
            members: [r1, r2, r3, r4, r5, r6, r7, r8]
        catch_all_queue: catch-all
        rules:
        """
        + ruleText
        + "\n";
  }
}
