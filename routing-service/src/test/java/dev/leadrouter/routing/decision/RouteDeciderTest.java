package dev.leadrouter.routing.decision;

import static dev.leadrouter.routing.rules.Conditions.cel;
import static dev.leadrouter.v1.RepStatus.REP_STATUS_AVAILABLE;
import static dev.leadrouter.v1.RepStatus.REP_STATUS_AWAY;
import static dev.leadrouter.v1.RepStatus.REP_STATUS_OFFLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.leadrouter.routing.matrix.Queue;
import dev.leadrouter.routing.matrix.RequiredSkills;
import dev.leadrouter.routing.matrix.RoutingMatrix;
import dev.leadrouter.routing.matrix.Rule;
import dev.leadrouter.routing.matrix.ScoringRule;
import dev.leadrouter.routing.matrix.Strategy;
import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.RuleEvaluation;
import dev.leadrouter.v1.SkipReason;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RouteDeciderTest {
  private static final Instant NOW = Instant.parse("2025-03-12T15:00:00Z");
  private final RouteDecider decider = new RouteDecider();

  /**
   * big (prio 5: score >= 50 and US) -> q-na (scoring: 1000+ employees = 50 points) dach (prio 10:
   * DE, AT, CH) -> q-dach [anna, ben], backup q-eu eu (prio 20: DE, FR, IT) -> q-eu [carl, dora] na
   * (prio 30: US, CA) -> q-na [ed, fay], backup q-na-overflow q-na-overflow [gus] -> backup q-na
   * (cycle) catch-all [zoe, yan] Rules are passed out of order to check priority ordering.
   */
  private static final Map<String, Queue> QUEUES =
      Map.of(
          "q-dach", Queue.roundRobin("q-dach", List.of("anna", "ben"), "q-eu"),
          "q-eu", Queue.roundRobin("q-eu", List.of("carl", "dora"), null),
          "q-na", Queue.roundRobin("q-na", List.of("ed", "fay"), "q-na-overflow"),
          "q-na-overflow", Queue.roundRobin("q-na-overflow", List.of("gus"), "q-na"),
          "catch-all", Queue.roundRobin("catch-all", List.of("zoe", "yan"), null),
          "q-key",
              new Queue(
                  "q-key",
                  Strategy.ACCOUNT_OWNER,
                  List.of(),
                  Map.of(),
                  RequiredSkills.NONE,
                  null,
                  "q-na"),
          "q-gus",
              new Queue(
                  "q-gus",
                  Strategy.NAMED_OWNER,
                  List.of(),
                  Map.of(),
                  RequiredSkills.NONE,
                  "gus",
                  null),
          "q-german",
              new Queue(
                  "q-german",
                  Strategy.ROUND_ROBIN,
                  List.of("anna", "carl"),
                  Map.of(),
                  new RequiredSkills(Set.of("de"), Set.of(), Set.of()),
                  null,
                  null));

  private static final RoutingMatrix MATRIX =
      new RoutingMatrix(
          3,
          List.of(
              new Rule("na", 30, cel("lead.location.country_code in ['US', 'CA']"), "q-na"),
              new Rule("eu", 20, cel("lead.location.country_code in ['DE', 'FR', 'IT']"), "q-eu"),
              new Rule(
                  "dach", 10, cel("lead.location.country_code in ['DE', 'AT', 'CH']"), "q-dach"),
              new Rule("big", 5, cel("score >= 50 && lead.location.country_code == 'US'"), "q-na")),
          QUEUES,
          "catch-all",
          Map.of(),
          List.of(new ScoringRule("enterprise", cel("lead.company.employee_count >= 1000"), 50)));

  private static final List<String> ALL =
      List.of("anna", "ben", "carl", "dora", "ed", "fay", "gus", "zoe", "yan");

  private static Rep rep(String id, boolean active, RepStatus status) {
    return Rep.newBuilder()
        .setRepId(id)
        .setActive(active)
        .setStatus(status)
        .addLanguages(id.equals("carl") ? "de" : "en")
        .build();
  }

  /**
   * Everyone active and available, then the given overrides ("id:AWAY", "id:OFFLINE",
   * "id:INACTIVE", "id:GONE").
   */
  private static Map<String, Rep> reps(String... overrides) {
    Map<String, Rep> reps = new HashMap<>();
    ALL.forEach(id -> reps.put(id, rep(id, true, REP_STATUS_AVAILABLE)));
    for (String o : overrides) {
      String[] p = o.split(":");
      switch (p[1]) {
        case "AWAY" -> reps.put(p[0], rep(p[0], true, REP_STATUS_AWAY));
        case "OFFLINE" -> reps.put(p[0], rep(p[0], true, REP_STATUS_OFFLINE));
        case "INACTIVE" -> reps.put(p[0], rep(p[0], false, REP_STATUS_AVAILABLE));
        case "INACTIVE_AWAY" -> reps.put(p[0], rep(p[0], false, REP_STATUS_AWAY));
        case "GONE" -> reps.remove(p[0]);
        default -> throw new IllegalArgumentException(o);
      }
    }
    return reps;
  }

  private static Lead lead(String country) {
    return Lead.newBuilder()
        .setLeadId("l-1")
        .setLocation(Location.newBuilder().setCountryCode(country))
        .build();
  }

  private RoutePlan plan(Lead lead, Map<String, Rep> reps, Set<String> excluded) {
    return decider.plan(lead, MATRIX, reps, excluded, NOW);
  }

  @ParameterizedTest(name = "[{index}] {0} -> rule {1}, queue {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "DE | dach      | q-dach    | anna,ben  | big,dach           ",
        "AT | dach      | q-dach    | anna,ben  | big,dach           ",
        "FR | eu        | q-eu      | carl,dora | big,dach,eu        ",
        "IT | eu        | q-eu      | carl,dora | big,dach,eu        ",
        "US | na        | q-na      | ed,fay    | big,dach,eu,na     ",
        "CA | na        | q-na      | ed,fay    | big,dach,eu,na     ",
        "JP | ''        | catch-all | zoe,yan   | big,dach,eu,na     ",
        "'' | ''        | catch-all | zoe,yan   | big,dach,eu,na     ",
      })
  void firstMatchingRuleByPriorityWins(
      String country, String ruleId, String queueId, String available, String evaluatedRules) {
    RoutePlan p = plan(lead(country), reps(), Set.of());
    assertThat(p.ruleId()).isEqualTo(ruleId);
    assertThat(p.steps().get(0).queue().id()).isEqualTo(queueId);
    assertThat(p.steps().get(0).available()).containsExactly(available.split(","));
    List<String> evaluated = Arrays.asList(evaluatedRules.trim().split(","));
    assertThat(p.rules())
        .extracting(RuleEvaluation::getRuleId)
        .containsExactlyElementsOf(evaluated);
    // only the last evaluated rule matched, and only if a rule was chosen
    assertThat(p.rules())
        .extracting(RuleEvaluation::getMatched)
        .containsExactlyElementsOf(evaluated.stream().map(r -> r.equals(ruleId)).toList());
    assertThat(p.score().total()).isZero();
  }

  @Test
  void scoreFromTheScoringModelFeedsRules() {
    Lead big =
        lead("US").toBuilder().setCompany(Company.newBuilder().setEmployeeCount(5000)).build();
    RoutePlan p = plan(big, reps(), Set.of());
    assertThat(p.score().total()).isEqualTo(50);
    assertThat(p.score().contributions()).containsExactly("enterprise: +50");
    assertThat(p.ruleId()).isEqualTo("big");
    assertThat(p.rules())
        .extracting(RuleEvaluation::getRuleId, RuleEvaluation::getMatched)
        .containsExactly(tuple("big", true));
  }

  @Test
  void ruleTraceCarriesPriorityAndDetail() {
    RoutePlan p = plan(lead("FR"), reps(), Set.of());
    assertThat(p.rules())
        .extracting(
            RuleEvaluation::getRuleId,
            RuleEvaluation::getPriority,
            RuleEvaluation::getMatched,
            RuleEvaluation::getDetail)
        .containsExactly(
            tuple("big", 5, false, "score >= 50 && lead.location.country_code == 'US': no match"),
            tuple("dach", 10, false, "lead.location.country_code in ['DE', 'AT', 'CH']: no match"),
            tuple("eu", 20, true, "lead.location.country_code in ['DE', 'FR', 'IT']: matched"));
  }

  static Stream<Arguments> skipCases() {
    return Stream.of(
        Arguments.of(
            "all available",
            new String[] {},
            Set.of(),
            List.of("SKIP_REASON_NONE", "SKIP_REASON_NONE"),
            List.of("anna", "ben")),
        Arguments.of(
            "first away",
            new String[] {"anna:AWAY"},
            Set.of(),
            List.of("SKIP_REASON_STATUS", "SKIP_REASON_NONE"),
            List.of("ben")),
        Arguments.of(
            "second offline",
            new String[] {"ben:OFFLINE"},
            Set.of(),
            List.of("SKIP_REASON_NONE", "SKIP_REASON_STATUS"),
            List.of("anna")),
        Arguments.of(
            "first inactive",
            new String[] {"anna:INACTIVE"},
            Set.of(),
            List.of("SKIP_REASON_INACTIVE", "SKIP_REASON_NONE"),
            List.of("ben")),
        Arguments.of(
            "inactive beats away",
            new String[] {"anna:INACTIVE_AWAY"},
            Set.of(),
            List.of("SKIP_REASON_INACTIVE", "SKIP_REASON_NONE"),
            List.of("ben")),
        Arguments.of(
            "unknown rep counts as inactive",
            new String[] {"ben:GONE"},
            Set.of(),
            List.of("SKIP_REASON_NONE", "SKIP_REASON_INACTIVE"),
            List.of("anna")),
        Arguments.of(
            "excluded previous owner",
            new String[] {},
            Set.of("anna"),
            List.of("SKIP_REASON_PREVIOUS_OWNER", "SKIP_REASON_NONE"),
            List.of("ben")),
        Arguments.of(
            "excluded and away: previous owner reported",
            new String[] {"ben:AWAY"},
            Set.of("ben"),
            List.of("SKIP_REASON_NONE", "SKIP_REASON_PREVIOUS_OWNER"),
            List.of("anna")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("skipCases")
  void candidatesCarryTheRightSkipReason(
      String name,
      String[] overrides,
      Set<String> excluded,
      List<String> reasons,
      List<String> available) {
    RoutePlan p = plan(lead("AT"), reps(overrides), excluded);
    QueueStep first = p.steps().get(0);
    assertThat(first.queue().id()).isEqualTo("q-dach");
    assertThat(first.available()).containsExactlyElementsOf(available);
    assertThat(first.candidates().keySet()).containsExactly("anna", "ben");
    assertThat(first.candidates().values())
        .extracting(v -> v.reason().name())
        .containsExactlyElementsOf(reasons);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "AT | q-dach,q-eu,catch-all",
        "FR | q-eu,catch-all",
        "US | q-na,q-na-overflow,catch-all", // the backup cycle na <-> overflow ends at the
        // catch-all
        "JP | catch-all",
      })
  void queueChainIsMatchedQueueThenBackupsThenCatchAll(String country, String chain) {
    assertThat(plan(lead(country), reps(), Set.of()).steps())
        .extracting(s -> s.queue().id())
        .containsExactly(chain.split(","));
  }

  @Test
  void nobodyAvailableAnywhereIsSaidSoAndNeverFilledWithInactiveOrUnknownReps() {
    // replaces the old "last resort" that handed leads to deactivated or unknown catch-all members
    RoutePlan p = plan(lead("JP"), reps("zoe:INACTIVE", "yan:GONE"), Set.of());
    assertThat(p.anyoneAvailable()).isFalse();
    assertThat(p.steps()).allSatisfy(s -> assertThat(s.available()).isEmpty());
  }

  @Test
  void excludedRepsStayExcludedAllTheWayToTheCatchAll() {
    RoutePlan p = plan(lead("JP"), reps("yan:AWAY"), Set.of("zoe"));
    assertThat(p.anyoneAvailable()).isFalse();
    assertThat(p.steps().get(0).candidates().get("zoe").reason())
        .isEqualTo(SkipReason.SKIP_REASON_PREVIOUS_OWNER);
  }

  @Test
  void accountOwnerQueueUsesTheLeadsAccountOwnerElseItsBackup() {
    RoutingMatrix m =
        new RoutingMatrix(
            1,
            List.of(new Rule("key", 1, cel("lead.account_id != ''"), "q-key")),
            QUEUES,
            "catch-all");
    Lead owned = lead("US").toBuilder().setAccountId("acc-1").setAccountOwnerRepId("gus").build();
    RoutePlan p = decider.plan(owned, m, reps(), Set.of(), NOW);
    assertThat(p.steps().get(0).available()).containsExactly("gus");

    RoutePlan away = decider.plan(owned, m, reps("gus:AWAY"), Set.of(), NOW);
    assertThat(away.steps()).extracting(s -> s.queue().id()).startsWith("q-key", "q-na");
    assertThat(away.steps().get(1).available()).containsExactly("ed", "fay");

    Lead unknownOwner = owned.toBuilder().setAccountOwnerRepId("nobody").build();
    assertThat(
            decider
                .plan(unknownOwner, m, reps(), Set.of(), NOW)
                .steps()
                .get(0)
                .candidates()
                .get("nobody")
                .reason())
        .isEqualTo(SkipReason.SKIP_REASON_INACTIVE);

    Lead noOwner = owned.toBuilder().clearAccountOwnerRepId().build();
    QueueStep none = decider.plan(noOwner, m, reps(), Set.of(), NOW).steps().get(0);
    assertThat(none.candidates()).isEmpty();
    assertThat(none.note()).isEqualTo("the lead has no account owner");
  }

  @Test
  void namedOwnerQueueOffersOnlyItsOwner() {
    RoutingMatrix m =
        new RoutingMatrix(1, List.of(new Rule("g", 1, cel("true"), "q-gus")), QUEUES, "catch-all");
    assertThat(decider.plan(lead("FR"), m, reps(), Set.of(), NOW).steps().get(0).available())
        .containsExactly("gus");
  }

  @Test
  void queueSkillsFilterMembers() {
    RoutingMatrix m =
        new RoutingMatrix(
            1, List.of(new Rule("g", 1, cel("true"), "q-german")), QUEUES, "catch-all");
    QueueStep s = decider.plan(lead("DE"), m, reps(), Set.of(), NOW).steps().get(0);
    assertThat(s.available()).containsExactly("carl");
    assertThat(s.candidates().get("anna").reason()).isEqualTo(SkipReason.SKIP_REASON_MISSING_SKILL);
    assertThat(s.candidates().get("anna").detail()).isEqualTo("lacks language de");
  }

  @Test
  void aRuleWhoseConditionFailsToEvaluateDoesNotMatchAndSaysWhy() {
    RoutingMatrix m =
        new RoutingMatrix(
            1,
            List.of(new Rule("attr", 1, cel("lead.attributes['tier'] == 'gold'"), "q-eu")),
            QUEUES,
            "catch-all");
    RoutePlan p = decider.plan(lead("FR"), m, reps(), Set.of(), NOW);
    assertThat(p.ruleId()).isEmpty();
    assertThat(p.ruleMatched()).isFalse();
    assertThat(p.rules().get(0).getDetail()).contains("evaluation error, treated as no match");
  }
}
