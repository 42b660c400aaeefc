package dev.leadrouter.capture.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNormalizerTest {
  private final PhoneNormalizer phones = new PhoneNormalizer();

  @ParameterizedTest(name = "[{index}] ''{0}'' in ''{1}'' -> {2} ext ''{3}'' status {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // raw                          | country | number          | ext | status
        "+1 (415) 555-0100              | -       | +14155550100    | ''  | VALID",
        "(415) 555-0100                 | US      | +14155550100    | ''  | VALID",
        "415.555.0100                   | US      | +14155550100    | ''  | VALID",
        "1-415-555-0100                 | US      | +14155550100    | ''  | VALID",
        "030 123456                     | DE      | +4930123456     | ''  | VALID",
        "00 49 30 123456                | DE      | +4930123456     | ''  | VALID",
        "+49 (0)30 123456               | -       | +4930123456     | ''  | VALID",
        "+44 (0)20 7946 0958            | US      | +442079460958   | ''  | VALID",
        "020 7946 0958                  | GB      | +442079460958   | ''  | VALID",
        "07911 123456                   | GB      | +447911123456   | ''  | VALID",
        "+33.1.23.45.67.89              | -       | +33123456789    | ''  | VALID",
        "01 23 45 67 89                 | FR      | +33123456789    | ''  | VALID",
        "+1 415 555 0100 ext. 23        | -       | +14155550100    | 23  | VALID",
        "+1 415 555 0100 x23            | -       | +14155550100    | 23  | VALID",
        "+1 415 555 0100;ext=23         | -       | +14155550100    | 23  | VALID",
        "(415) 555-0100 #7              | US      | +14155550100    | 7   | VALID",
        "+41 44 668 18 00               | DE      | +41446681800    | ''  | VALID",
        "'\t+61 2 9374 4000\n'          | AU      | +61293744000    | ''  | VALID",
        // E.164-shaped but not valid: kept and flagged, never an extension merged in
        "+1234567                       | -       | +1234567        | ''  | UNVERIFIED",
        "+999 1234 5678 x 9             | -       | +99912345678    | 9   | UNVERIFIED",
        "0049 30 123456                 | -       | +4930123456     | ''  | VALID",
        // nothing to dial: no country to read a national number with, letters, too short
        "415.555.0100                   | -       | ''              | ''  | INVALID",
        "abc                            | -       | ''              | ''  | INVALID",
        "+12                            | -       | ''              | ''  | INVALID",
        "''                             | US      | ''              | ''  | ABSENT",
      })
  void normalizes(
      String raw, String country, String number, String ext, PhoneNormalizer.Status status) {
    PhoneNormalizer.Result r =
        phones.normalize(
            raw.replace("\\t", "\t").replace("\\n", "\n"), country == null ? "" : country);
    assertThat(r).isEqualTo(new PhoneNormalizer.Result(number, ext, status));
  }

  @ParameterizedTest(name = "[{index}] {0} is in {1}")
  @CsvSource({
    "+14155550100, US",
    "+442079460958, GB",
    "+4930123456, DE",
    "+1234567, ''",
    "junk, ''"
  })
  void countryOfNumber(String e164, String country) {
    assertThat(phones.countryOf(e164)).isEqualTo(country == null ? "" : country);
  }
}
