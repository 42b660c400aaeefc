package dev.leadrouter.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.Location;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountryCoverageTest {
  private static final Map<String, Territory> TERRITORIES =
      Map.of(
          "dach", new Territory("dach", Set.of("DE", "AT", "CH"), Set.of(), List.of()),
          "west-coast", new Territory("west-coast", Set.of("US"), Set.of("US-CA"), List.of()),
          "bay-area",
              new Territory(
                  "bay-area", Set.of(), Set.of(), List.of(new Territory.PostalPrefix("US", "94"))));
  private final CountryCoverage coverage = new CountryCoverage(TERRITORIES);

  private static Condition cel(String expression) {
    return Conditions.cel(expression, TERRITORIES);
  }

  private static String show(Optional<Set<String>> countries) {
    return countries.map(s -> String.join(" ", new java.util.TreeSet<>(s))).orElse("none");
  }

  @ParameterizedTest(name = "[{index}] {0} -> exactly {1}, at most {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "lead.location.country_code == 'US'                          ; US       ; US",
        "lead.location.country_code == lead.location.region_code      ; none     ; none",
        "lead.location.region_code == 'US'                            ; none     ; none",
        "lead.location.country_code in ['US', 'CA']                   ; CA US    ; CA US",
        "lead.location.country_code in ['US', lead.contact.language]  ; none     ; none",
        "lead.location.region_code in ['US']                          ; none     ; none",
        "lead.location.country_code in territories.dach               ; AT CH DE ; AT CH DE",
        "lead.location.country_code in territories['dach']            ; none     ; none",
        "in_territory(lead, 'dach')                                   ; AT CH DE ; AT CH DE",
        "in_territory(lead, 'west-coast')                             ; none     ; none",
        "in_territory(lead, 'bay-area')                               ; none     ; none",
        "lead.location.country_code == 'US' || in_territory(lead, 'dach') ; AT CH DE US ; AT CH DE US",
        "lead.location.country_code == 'US' || score > 10             ; none     ; none",
        "score > 10 || lead.location.country_code == 'US'             ; none     ; none",
        "lead.location.country_code in ['US', 'CA'] && score > 10     ; none     ; CA US",
        "score > 10 && lead.location.country_code == 'CA'             ; none     ; CA",
        "lead.location.country_code in ['US', 'CA'] && lead.location.country_code in ['CA', 'MX'] ; none ; CA",
        "score > 10 && score < 20                                     ; none     ; none",
        "in_territory(lead, 'west-coast') && score > 1                ; none     ; none",
        "in_territory(lead, 'dach') && score > 1                      ; none     ; AT CH DE",
        "score > 10                                                   ; none     ; none",
        "true                                                         ; none     ; none",
        "lead.location.country_code.startsWith('U')                   ; none     ; none",
        "lead.company.name == 'US'                                    ; none     ; none",
        "lead.location.country_code != 'US'                           ; none     ; none",
      })
  void understandsOnlyShapesWhoseMeaningIsCertain(
      String expression, String exactly, String atMost) {
    Condition c = cel(expression);
    assertThat(show(coverage.exactly(c))).as("exactly").isEqualTo(exactly);
    assertThat(show(coverage.atMost(c))).as("at most").isEqualTo(atMost);
  }

  @Test
  void territoriesMatchByCountryRegionOrPostalPrefix() {
    Territory west = TERRITORIES.get("west-coast");
    Territory bay = TERRITORIES.get("bay-area");

    assertThat(west.contains(lead("US", "", ""))).isTrue();
    assertThat(
            new Territory("r", Set.of(), Set.of("US-CA"), List.of())
                .contains(lead("", "US-CA", "")))
        .isTrue();
    assertThat(bay.contains(lead("US", "US-CA", "94107"))).isTrue();
    assertThat(bay.contains(lead("US", "", " 94 107"))).as("spaces ignored").isTrue();
    assertThat(bay.contains(lead("DE", "", "94107"))).as("prefix is per country").isFalse();
    assertThat(bay.contains(lead("US", "", "10001"))).isFalse();
    assertThat(
            new Territory("uk", Set.of(), Set.of(), List.of(new Territory.PostalPrefix("GB", "SW")))
                .contains(lead("GB", "", "sw1a 1aa")))
        .as("case ignored")
        .isTrue();
    assertThat(TERRITORIES.get("dach").countriesOnly()).isTrue();
    assertThat(west.countriesOnly()).isFalse();
    assertThat(bay.countriesOnly()).isFalse();
  }

  private static Lead lead(String country, String region, String postal) {
    return Lead.newBuilder()
        .setLocation(
            Location.newBuilder()
                .setCountryCode(country)
                .setRegionCode(region)
                .setPostalCode(postal))
        .build();
  }
}
