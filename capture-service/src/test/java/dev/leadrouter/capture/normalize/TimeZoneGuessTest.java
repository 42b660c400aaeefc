package dev.leadrouter.capture.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeZoneGuessTest {
  private final TimeZoneGuess guess =
      new TimeZoneGuess(new RegionNormalizer(), new PhoneNormalizer());

  @ParameterizedTest(name = "[{index}] region ''{0}'' country ''{1}'' phone ''{2}'' -> ''{3}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "US-CA  | US | ''             | America/Los_Angeles",
        "US-NY  | US | +14155550100   | America/New_York",
        "CA-BC  | CA | ''             | America/Vancouver",
        "AU-WA  | AU | ''             | Australia/Perth",
        "''     | DE | ''             | Europe/Berlin",
        "''     | US | ''             | ''",
        "''     | '' | +442079460958  | Europe/London",
        "''     | '' | +14155550100   | ''",
        "FR-75  | FR | ''             | Europe/Paris",
        "''     | '' | ''             | ''",
      })
  void guesses(String region, String country, String phone, String zone) {
    assertThat(guess.guess(region, country, phone)).isEqualTo(zone);
  }
}
