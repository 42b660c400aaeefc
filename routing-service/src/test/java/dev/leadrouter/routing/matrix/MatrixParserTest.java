package dev.leadrouter.routing.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.leadrouter.routing.rules.Territory;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MatrixParserTest {
  private static final Set<String> REPS = Set.of("alice", "bob", "carol", "dave");
  private final MatrixParser parser = new MatrixParser();

  private static final String YAML =
      """
      description: sales routing
      territories:
        na: { countries: [US, ca] }
        dach: { countries: [DE, AT, CH], description: German-speaking }
        bay-area: { postal_prefixes: ["US:94"], regions: [us-ca] }
      scoring:
        - id: enterprise
          when: lead.company.employee_count >= 1000
          points: 40
      catch_all_queue: catch-all
      queues:
        - id: north-america
          strategy: round_robin
          members: [alice, bob]
          backup_queue: emea
          description: NA team
        - id: emea
          strategy: weighted
          members: [{rep: carol, weight: 3}, {rep: dave}]
          requires: { languages: [DE], products: [analytics] }
        - id: key-accounts
          strategy: account_owner
          backup_queue: north-america
        - id: boss
          strategy: named_owner
          owner: dave
        - id: catch-all
          strategy: load_balanced
          members: [dave, alice]
      rules:
        - id: emea-leads
          priority: 20
          when: in_territory(lead, 'dach')
          queue: emea
        - id: na-leads
          priority: 10
          when: lead.location.country_code in territories.na && score >= 40
          queue: north-america
          description: NA
        - id: accounts
          when: lead.account_owner_rep_id != ''
          queue: key-accounts
      """;

  private static final String JSON =
      """
      {"description": "sales routing",
       "territories": {"na": {"countries": ["US", "ca"]}, "dach": {"countries": ["DE", "AT", "CH"], "description": "German-speaking"},
                       "bay-area": {"postal_prefixes": ["US:94"], "regions": ["us-ca"]}},
       "scoring": [{"id": "enterprise", "when": "lead.company.employee_count >= 1000", "points": 40}],
       "catch_all_queue": "catch-all",
       "queues": [
         {"id": "north-america", "strategy": "round_robin", "members": ["alice", "bob"], "backup_queue": "emea", "description": "NA team"},
         {"id": "emea", "strategy": "weighted", "members": [{"rep": "carol", "weight": 3}, {"rep": "dave"}],
          "requires": {"languages": ["DE"], "products": ["analytics"]}},
         {"id": "key-accounts", "strategy": "account_owner", "backup_queue": "north-america"},
         {"id": "boss", "strategy": "named_owner", "owner": "dave"},
         {"id": "catch-all", "strategy": "load_balanced", "members": ["dave", "alice"]}],
       "rules": [
         {"id": "emea-leads", "priority": 20, "when": "in_territory(lead, 'dach')", "queue": "emea"},
         {"id": "na-leads", "priority": 10, "when": "lead.location.country_code in territories.na && score >= 40",
          "queue": "north-america", "description": "NA"},
         {"id": "accounts", "when": "lead.account_owner_rep_id != ''", "queue": "key-accounts"}]}
      """;

  @Test
  void parsesYaml() {
    RoutingMatrix m = parser.parse(YAML, false, REPS);
    assertThat(m.rules())
        .extracting(Rule::id)
        .containsExactly("na-leads", "emea-leads", "accounts");
    assertThat(m.rules().get(2).priority()).as("default priority is 100 + index").isEqualTo(102);
    assertThat(m.rules().get(0).when().source())
        .isEqualTo("lead.location.country_code in territories.na && score >= 40");
    assertThat(m.territories().get("na").countries())
        .as("codes upper-cased")
        .containsExactlyInAnyOrder("US", "CA");
    assertThat(m.territories().get("bay-area").regions()).containsExactly("US-CA");
    assertThat(m.territories().get("bay-area").postalPrefixes())
        .containsExactly(new Territory.PostalPrefix("US", "94"));
    assertThat(m.scoring())
        .extracting(ScoringRule::id, ScoringRule::points)
        .containsExactly(org.assertj.core.api.Assertions.tuple("enterprise", 40));
    Queue emea = m.queue("emea");
    assertThat(emea.strategy()).isEqualTo(Strategy.WEIGHTED);
    assertThat(emea.members()).containsExactly("carol", "dave");
    assertThat(emea.weight("carol")).isEqualTo(3);
    assertThat(emea.weight("dave")).isEqualTo(1);
    assertThat(emea.required())
        .isEqualTo(new RequiredSkills(Set.of("de"), Set.of("analytics"), Set.of()));
    assertThat(emea.backupQueue()).isNull();
    assertThat(m.queue("north-america").backupQueue()).isEqualTo("emea");
    assertThat(m.queue("key-accounts").strategy()).isEqualTo(Strategy.ACCOUNT_OWNER);
    assertThat(m.queue("boss").owner()).isEqualTo("dave");
    assertThat(m.queue("catch-all").strategy()).isEqualTo(Strategy.LOAD_BALANCED);
    assertThat(m.catchAllQueue()).isEqualTo("catch-all");
    assertThat(m.version()).isZero();
  }

  @Test
  void parsesJsonToTheSameMatrix() {
    assertThat(parser.parse(JSON, true, REPS)).isEqualTo(parser.parse(YAML, false, REPS));
  }

  @Test
  void rulesTerritoriesAndScoringAreOptional() {
    RoutingMatrix m =
        parser.parse("catch_all_queue: q\nqueues: [{id: q, members: [bob]}]\n", false, REPS);
    assertThat(m.rules()).isEmpty();
    assertThat(m.territories()).isEmpty();
    assertThat(m.scoring()).isEmpty();
    assertThat(m.queue("q").members()).containsExactly("bob");
    assertThat(m.queue("q").strategy()).isEqualTo(Strategy.ROUND_ROBIN);
  }

  /** Minimal valid document with one spot replaced: prefix lines, queues block, rules block. */
  private static String doc(String top, String queues, String rules) {
    return top + "\nqueues:\n" + queues + (rules.isEmpty() ? "" : "\nrules:\n" + rules) + "\n";
  }

  private static final String TOP =
      "catch_all_queue: ca\nterritories:\n  na: {countries: [US, CA]}\n  us: {countries: [US]}";
  private static final String QUEUES =
      "  - id: ca\n    members: [alice]\n  - id: na\n    members: [bob]";
  private static final String RULE_NA =
      "  - id: na-rule\n    priority: 10\n    when: lead.location.country_code == 'US'\n    queue: na";

  private static String rule(String id, int priority, String when) {
    return "  - id: "
        + id
        + "\n    priority: "
        + priority
        + "\n    when: \""
        + when
        + "\"\n    queue: ca";
  }

  static Stream<Arguments> invalidDocuments() {
    return Stream.of(
        Arguments.of(
            "unknown top-level field",
            doc(TOP + "\ncatchall: ca", QUEUES, RULE_NA),
            List.of("catchall")),
        Arguments.of(
            "unknown queue field",
            doc(TOP, QUEUES + "\n    colour: 3", RULE_NA),
            List.of("queues[1].colour")),
        Arguments.of(
            "unknown rule field",
            doc(TOP, QUEUES, RULE_NA + "\n    enabled: true"),
            List.of("rules[0].enabled")),
        Arguments.of(
            "unknown territory field",
            doc(TOP + "\n  eu: {countries: [DE], cities: [Paris]}", QUEUES, RULE_NA),
            List.of("territories.eu.cities")),
        Arguments.of(
            "territory with a bad country code",
            doc(TOP + "\n  eu: {countries: [DE, Germany, USA]}", QUEUES, RULE_NA),
            List.of("territories.eu.countries[1]", "territories.eu.countries[2]")),
        Arguments.of(
            "territory with a bad region and postal prefix",
            doc(TOP + "\n  w: {regions: [California], postal_prefixes: ['94']}", QUEUES, RULE_NA),
            List.of(
                "territories.w.regions[0]", "territories.w.postal_prefixes[0]", "territories.w")),
        Arguments.of(
            "missing catch_all_queue",
            doc("description: x", QUEUES, RULE_NA),
            List.of("catch_all_queue")),
        Arguments.of(
            "unknown catch_all_queue",
            doc("catch_all_queue: nowhere", QUEUES, RULE_NA),
            List.of("catch_all_queue")),
        Arguments.of(
            "no queues", "catch_all_queue: ca\nqueues: []\n", List.of("queues", "catch_all_queue")),
        Arguments.of(
            "queue without id",
            doc(TOP, QUEUES + "\n  - members: [carol]", RULE_NA),
            List.of("queues[2].id")),
        Arguments.of(
            "queue with empty members",
            doc(TOP, QUEUES + "\n  - id: empty\n    members: []", RULE_NA),
            List.of("queues[2].members")),
        Arguments.of(
            "queue with no members key",
            doc(TOP, QUEUES + "\n  - id: empty", RULE_NA),
            List.of("queues[2].members")),
        Arguments.of(
            "unknown rep",
            doc(TOP, QUEUES + "\n  - id: x\n    members: [carol, mallory]", RULE_NA),
            List.of("queues[2].members[1]")),
        Arguments.of(
            "rep listed twice",
            doc(TOP, QUEUES + "\n  - id: x\n    members: [carol, dave, carol]", RULE_NA),
            List.of("queues[2].members[2]")),
        Arguments.of(
            "duplicate queue id",
            doc(TOP, QUEUES + "\n  - id: na\n    members: [carol]", RULE_NA),
            List.of("queues[2].id")),
        Arguments.of(
            "unknown strategy",
            doc(TOP, QUEUES + "\n  - id: x\n    strategy: random\n    members: [carol]", RULE_NA),
            List.of("queues[2].strategy")),
        Arguments.of(
            "weight of zero",
            doc(
                TOP,
                QUEUES
                    + "\n  - id: x\n    strategy: weighted\n    members: [{rep: carol, weight: 0}]",
                RULE_NA),
            List.of("queues[2].members[0].weight")),
        Arguments.of(
            "weight on a round-robin queue",
            doc(TOP, QUEUES + "\n  - id: x\n    members: [{rep: carol, weight: 2}]", RULE_NA),
            List.of("queues[2].members[0].weight")),
        Arguments.of(
            "named owner without owner",
            doc(TOP, QUEUES + "\n  - id: x\n    strategy: named_owner", RULE_NA),
            List.of("queues[2].owner")),
        Arguments.of(
            "named owner unknown",
            doc(TOP, QUEUES + "\n  - id: x\n    strategy: named_owner\n    owner: zed", RULE_NA),
            List.of("queues[2].owner")),
        Arguments.of(
            "account owner without backup",
            doc(TOP, QUEUES + "\n  - id: x\n    strategy: account_owner", RULE_NA),
            List.of("queues[2].backup_queue")),
        Arguments.of(
            "members on an account owner queue",
            doc(
                TOP,
                QUEUES
                    + "\n  - id: x\n    strategy: account_owner\n    members: [bob]\n    backup_queue: na",
                RULE_NA),
            List.of("queues[2].members")),
        Arguments.of(
            "unknown backup_queue",
            doc(TOP, QUEUES + "\n  - id: x\n    members: [carol]\n    backup_queue: nope", RULE_NA),
            List.of("queues[2].backup_queue")),
        Arguments.of(
            "unknown requires field",
            doc(TOP, QUEUES + "\n    requires: {certifications: [x]}", RULE_NA),
            List.of("queues[1].requires.certifications")),
        Arguments.of(
            "rule without id",
            doc(TOP, QUEUES, "  - when: 'true'\n    queue: na"),
            List.of("rules[0].id")),
        Arguments.of(
            "duplicate rule id",
            doc(
                TOP,
                QUEUES,
                RULE_NA
                    + "\n  - id: na-rule\n    when: \"lead.location.country_code == 'CA'\"\n    queue: na"),
            List.of("rules[1].id")),
        Arguments.of(
            "rule with unknown queue",
            doc(TOP, QUEUES, "  - id: r\n    when: 'true'\n    queue: apac"),
            List.of("rules[0].queue")),
        Arguments.of(
            "rule without queue",
            doc(TOP, QUEUES, "  - id: r\n    when: 'true'"),
            List.of("rules[0].queue")),
        Arguments.of(
            "rule without when",
            doc(TOP, QUEUES, "  - id: r\n    queue: na"),
            List.of("rules[0].when")),
        Arguments.of(
            "rule with the old country_in form",
            doc(TOP, QUEUES, "  - id: r\n    when: {country_in: [US]}\n    queue: na"),
            List.of("rules[0].when")),
        Arguments.of(
            "CEL syntax error",
            doc(
                TOP,
                QUEUES,
                "  - id: r\n    when: \"lead.location.country_code ==\"\n    queue: na"),
            List.of("rules[0].when")),
        Arguments.of(
            "CEL unknown field",
            doc(
                TOP,
                QUEUES,
                "  - id: r\n    when: \"lead.location.country == 'US'\"\n    queue: na"),
            List.of("rules[0].when")),
        Arguments.of(
            "CEL not a bool",
            doc(TOP, QUEUES, "  - id: r\n    when: lead.company.employee_count\n    queue: na"),
            List.of("rules[0].when")),
        Arguments.of(
            "CEL unknown territory",
            doc(TOP, QUEUES, "  - id: r\n    when: \"in_territory(lead, 'apac')\"\n    queue: na"),
            List.of("rules[0].when")),
        Arguments.of(
            "scoring rule without points, using score",
            doc(TOP + "\nscoring:\n  - id: s\n    when: score > 1", QUEUES, RULE_NA),
            List.of("scoring[0].points", "scoring[0].when")),
        Arguments.of("rules not a list", doc(TOP, QUEUES, "  id: r"), List.of("rules")),
        Arguments.of(
            "shadowed: after an unconditional rule",
            doc(TOP, QUEUES, rule("all", 1, "true") + "\n" + RULE_NA),
            List.of("rules[1]")),
        Arguments.of(
            "shadowed: same condition, lower priority",
            doc(
                TOP,
                QUEUES,
                RULE_NA + "\n" + rule("late", 50, "lead.location.country_code == 'US'")),
            List.of("rules[1]")),
        Arguments.of(
            "shadowed: country subset, listed first but evaluated later",
            doc(
                TOP,
                QUEUES,
                rule("late", 50, "lead.location.country_code in ['US']")
                    + "\n"
                    + rule("early", 10, "lead.location.country_code in ['US', 'CA']")),
            List.of("rules[0]")),
        Arguments.of(
            "shadowed: territory contains the later rule's countries",
            doc(
                TOP,
                QUEUES,
                rule("t", 10, "in_territory(lead, 'na')")
                    + "\n"
                    + rule(
                        "us-big",
                        20,
                        "lead.location.country_code == 'CA' && lead.company.employee_count > 1000")),
            List.of("rules[1]")),
        Arguments.of(
            "shadowed: territory list and territory",
            doc(
                TOP,
                QUEUES,
                rule("t", 10, "lead.location.country_code in territories.na")
                    + "\n"
                    + rule("us", 20, "in_territory(lead, 'us')")),
            List.of("rules[1]")),
        Arguments.of(
            "shadowed: by default priority order",
            doc(
                TOP,
                QUEUES,
                "  - id: first\n    when: \"lead.location.country_code in ['US', 'CA']\"\n    queue: na\n"
                    + "  - id: second\n    when: \"lead.location.country_code == 'CA'\"\n    queue: ca"),
            List.of("rules[1]")));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {2}")
  @MethodSource("invalidDocuments")
  void reportsEachProblemWithItsPath(String name, String yaml, List<String> fields) {
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> parser.parse(yaml, false, REPS));
    assertThat(e).as("expected rejection of:%n%s", yaml).isNotNull();
    assertThat(e.violations()).extracting(Violation::field).containsExactlyElementsOf(fields);
  }

  @Test
  void overlappingButNotCoveredRulesAreNotShadowed() {
    String yaml =
        doc(
            TOP,
            QUEUES,
            RULE_NA
                + "\n"
                + rule("wider", 20, "lead.location.country_code in ['US', 'MX']")
                + "\n"
                + rule(
                    "us-and-big",
                    5,
                    "lead.location.country_code == 'US' && lead.company.employee_count > 10")
                + "\n"
                + rule(
                    "or-something",
                    30,
                    "lead.location.country_code == 'US' || lead.company.employee_count > 10"));
    assertThat(parser.parse(yaml, false, REPS).rules())
        .extracting(Rule::id)
        .containsExactly("us-and-big", "na-rule", "wider", "or-something");
  }

  @Test
  void messagesNameTheOffendingValue() {
    String yaml =
        doc(
            TOP,
            QUEUES
                + "\n  - id: x\n    strategy: random\n    members: [mallory]\n    backup_queue: nope",
            RULE_NA
                + "\n"
                + rule("late", 50, "lead.location.country_code == 'US'")
                + "\n"
                + "  - id: typo\n    when: \"lead.location.contry_code == 'US'\"\n    queue: na");
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> parser.parse(yaml, false, REPS));
    assertThat(e.violations())
        .containsExactly(
            new Violation(
                "queues[2].strategy",
                "unknown strategy 'random'; known: [round_robin, weighted, load_balanced, named_owner, account_owner]"),
            new Violation("queues[2].members[0]", "unknown rep 'mallory'"),
            new Violation("rules[2].when", "does not compile: undefined field 'contry_code'"),
            new Violation("queues[2].backup_queue", "unknown queue 'nope'"),
            new Violation(
                "rules[1]",
                "rule 'late' never matches: rule 'na-rule' is evaluated first and has the same condition"));
  }

  @Test
  void aShadowedRuleAfterOneThatFailedToCompileIsReportedAtItsOwnIndex() {
    String yaml =
        doc(
            TOP,
            QUEUES,
            "  - id: typo\n    when: \"lead.location.contry_code == 'US'\"\n    queue: na\n"
                + RULE_NA
                + "\n"
                + rule("late", 50, "lead.location.country_code == 'US'"));
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> parser.parse(yaml, false, REPS));
    assertThat(e.violations())
        .extracting(Violation::field)
        .containsExactly("rules[0].when", "rules[2]");
  }

  @Test
  void reportsSeveralProblemsTogetherInDocumentOrder() {
    String yaml =
        """
        catch_all_queue: missing
        colour: blue
        queues:
          - id: a
            members: [alice, ghost, alice]
            backup_queue: b
            extra: 1
          - id: a
            strategy: random
            members: []
        rules:
          - id: r1
            when: "lead.nope"
            queue: zz
            city: NYC
          - id: r1
            queue: a
        """;
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> parser.parse(yaml, false, REPS));
    assertThat(e.violations())
        .extracting(Violation::field)
        .containsExactly(
            "colour",
            "queues[0].extra",
            "queues[0].members[1]",
            "queues[0].members[2]",
            "queues[1].id",
            "queues[1].strategy",
            "queues[1].members",
            "rules[0].city",
            "rules[0].queue",
            "rules[0].when",
            "rules[1].id",
            "rules[1].when",
            "catch_all_queue",
            "queues[0].backup_queue");
  }

  static Stream<Arguments> unreadableSources() {
    return Stream.of(
        Arguments.of("unclosed flow sequence", "queues: [a, b", false, "not readable YAML: "),
        Arguments.of("tab indentation", "queues:\n\t- id: a", false, "not readable YAML: "),
        Arguments.of(
            "plain scalar",
            "hello world",
            false,
            "the matrix must be a mapping with queues and rules"),
        Arguments.of(
            "top-level list",
            "- a\n- b",
            false,
            "the matrix must be a mapping with queues and rules"),
        Arguments.of(
            "empty document", "", false, "the matrix must be a mapping with queues and rules"),
        Arguments.of("truncated JSON", "{\"queues\": [", true, "not readable JSON: "),
        Arguments.of("YAML sent as JSON", "catch_all_queue: ca", true, "not readable JSON: "),
        Arguments.of(
            "JSON array", "[]", true, "the matrix must be a mapping with queues and rules"),
        Arguments.of(
            "JSON null", "null", true, "the matrix must be a mapping with queues and rules"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("unreadableSources")
  void nonDocumentInputIsReportedOnSource(
      String name, String source, boolean json, String descriptionPrefix) {
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> parser.parse(source, json, REPS));
    assertThat(e).isNotNull();
    assertThat(e.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("source");
              assertThat(v.description()).startsWith(descriptionPrefix);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"high", "ten", "10.7", "[1]"})
  void nonIntegerPriorityIsReported(String priority) {
    String yaml =
        doc(
            TOP,
            QUEUES,
            "  - id: r\n    priority: " + priority + "\n    when: 'true'\n    queue: na");
    InvalidInputException e =
        catchThrowableOfType(InvalidInputException.class, () -> parser.parse(yaml, false, REPS));
    assertThat(e).isNotNull();
    assertThat(e.violations()).extracting(Violation::field).containsExactly("rules[0].priority");
  }

  @Test
  void theExampleMatrixIsValid() throws Exception {
    String example =
        java.nio.file.Files.readString(java.nio.file.Path.of("../examples/routing-matrix.yaml"));
    RoutingMatrix m =
        parser.parse(example, false, Set.of("alice", "bob", "chloe", "dmitri", "sam", "maria"));
    assertThat(m.rules()).extracting(Rule::id).containsExactly("north-america-leads", "emea-leads");
    assertThat(m.catchAllQueue()).isEqualTo("catch-all");
    assertThat(Map.of("q", m.queue("north-america").members()))
        .containsEntry("q", List.of("alice", "bob"));
  }
}
