package dev.leadrouter.capture.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountryNormalizerTest {
  private final CountryNormalizer countries = new CountryNormalizer();

  @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "US                        | US",
        "us                        | US",
        "' gb '                    | GB",
        "USA                       | US",
        "U.S.A.                    | US",
        "United States             | US",
        "united states of america  | US",
        "UK                        | GB",
        "United Kingdom            | GB",
        "England                   | GB",
        "Germany                   | DE",
        "Deutschland               | DE",
        "DEU                       | DE",
        "fra                       | FR",
        "The Netherlands           | NL",
        "Holland                   | NL",
        "Côte d’Ivoire             | CI",
        "Cote d'Ivoire             | CI",
        "Österreich                | AT",
        "South Korea               | KR",
        "Türkiye                   | TR",
        "Switzerland               | CH",
        "schweiz                   | CH",
        "Japan                     | JP",
        "Narnia                    | -",
        "XX                        | -",
        "''                        | -",
      })
  void normalizes(String raw, String expected) {
    assertThat(countries.normalize(raw).orElse(null)).isEqualTo(expected);
  }
}
