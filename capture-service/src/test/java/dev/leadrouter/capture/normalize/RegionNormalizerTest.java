package dev.leadrouter.capture.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionNormalizerTest {
  private final RegionNormalizer regions = new RegionNormalizer();

  @ParameterizedTest(name = "[{index}] ''{0}'' in ''{1}'' -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "CA                   | US | US-CA",
        "ca                   | US | US-CA",
        "California           | US | US-CA",
        "Calif.               | US | US-CA",
        "us-ca                | -  | US-CA",
        "US_NY                | US | US-NY",
        "New York             | US | US-NY",
        "Washington           | US | US-WA",
        "Washington, D.C.     | US | US-DC",
        "WA                   | AU | AU-WA",
        "Western Australia    | -  | AU-WA",
        "nsw                  | AU | AU-NSW",
        "Ontario              | CA | CA-ON",
        "Québec               | CA | CA-QC",
        "Quebec               | -  | CA-QC",
        "Bayern               | DE | DE-BY",
        "Nordrhein-Westfalen  | DE | DE-NW",
        "FR-75                | FR | FR-75",
        "WA                   | -  | -",
        "Atlantis             | US | -",
        "ZZ                   | US | -",
      })
  void normalizes(String raw, String country, String expected) {
    assertThat(
            regions
                .normalize(raw, country == null ? "" : country)
                .map(RegionNormalizer.Region::code)
                .orElse(null))
        .isEqualTo(expected);
  }
}
