package dev.leadrouter.capture.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameCaseTest {
  private final NameCase names = new NameCase();

  @ParameterizedTest(name = "[{index}] ''{0}'' -> ''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "ada                 | Ada",
        "ADA LOVELACE        | Ada Lovelace",
        "'  ada   lovelace ' | Ada Lovelace",
        "o'brien             | O'Brien",
        "JEAN-LUC            | Jean-Luc",
        "ludwig van beethoven| Ludwig van Beethoven",
        "McDonald            | McDonald",
        "McDONALD            | McDONALD",
        "DeVries             | DeVries",
        "zoë                 | Zoë",
        "東京                 | 東京",
        "''                  | ''",
      })
  void cases(String raw, String expected) {
    assertThat(names.normalize(raw)).isEqualTo(expected);
  }
}
