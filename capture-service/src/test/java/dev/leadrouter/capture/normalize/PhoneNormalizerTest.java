package dev.leadrouter.capture.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNormalizerTest {
  private final PhoneNormalizer phones = new PhoneNormalizer();

  @ParameterizedTest(name = "[{index}] ''{0}'' in ''{1}'' -> {2} ext ''{3}'' verified={4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // raw                          | country | number          | ext | verified
        "+1 (415) 555-0100              | -       | +14155550100    | ''  | true",
        "(415) 555-0100                 | US      | +14155550100    | ''  | true",
        "415.555.0100                   | US      | +14155550100    | ''  | true",
        "1-415-555-0100                 | US      | +14155550100    | ''  | true",
        "030 123456                     | DE      | +4930123456     | ''  | true",
        "00 49 30 123456                | DE      | +4930123456     | ''  | true",
        "+49 (0)30 123456               | -       | +4930123456     | ''  | true",
        "+44 (0)20 7946 0958            | US      | +442079460958   | ''  | true",
        "020 7946 0958                  | GB      | +442079460958   | ''  | true",
        "07911 123456                   | GB      | +447911123456   | ''  | true",
        "+33.1.23.45.67.89              | -       | +33123456789    | ''  | true",
        "01 23 45 67 89                 | FR      | +33123456789    | ''  | true",
        "+1 415 555 0100 ext. 23        | -       | +14155550100    | 23  | true",
        "+1 415 555 0100 x23            | -       | +14155550100    | 23  | true",
        "+1 415 555 0100;ext=23         | -       | +14155550100    | 23  | true",
        "(415) 555-0100 #7              | US      | +14155550100    | 7   | true",
        "+41 44 668 18 00               | DE      | +41446681800    | ''  | true",
        "'\t+61 2 9374 4000\n'          | AU      | +61293744000    | ''  | true",
        // cannot be verified: digits kept (the validator decides), never an extension merged in
        "415.555.0100                   | -       | 4155550100      | ''  | false",
        "+1234567                       | -       | +1234567        | ''  | false",
        "+999 1234 5678 x 9             | -       | +99912345678    | 9   | false",
        "abc                            | -       | ''              | ''  | false",
        "''                             | US      | ''              | ''  | false",
      })
  void normalizes(String raw, String country, String number, String ext, boolean verified) {
    PhoneNormalizer.Result r =
        phones.normalize(
            raw.replace("\\t", "\t").replace("\\n", "\n"), country == null ? "" : country);
    assertThat(r).isEqualTo(new PhoneNormalizer.Result(number, ext, verified));
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
