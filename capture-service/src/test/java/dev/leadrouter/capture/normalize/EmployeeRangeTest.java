package dev.leadrouter.capture.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmployeeRangeTest {
  private final EmployeeRange ranges = new EmployeeRange();

  @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "51-200             | 51",
        "51 - 200           | 51",
        "51–200             | 51",
        "1-10 employees     | 1",
        "201 to 500         | 201",
        "1k+                | 1000",
        "1K+                | 1000",
        "10,000+            | 10000",
        "10.000+            | 10000",
        "10k-50k            | 10000",
        "1.5k               | 1500",
        "500+               | 500",
        "5000               | 5000",
        "< 10               | 1",
        "Less than 50       | 1",
        "Self-employed      | 1",
        "1M+                | 1000000",
        "none               | -",
        "0                  | -",
        "''                 | -",
        "99999999999        | -",
      })
  void parses(String raw, Integer expected) {
    assertThat(ranges.parse(raw))
        .isEqualTo(expected == null ? OptionalInt.empty() : OptionalInt.of(expected));
  }
}
