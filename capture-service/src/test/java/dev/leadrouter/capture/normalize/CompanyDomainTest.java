package dev.leadrouter.capture.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanyDomainTest {
  private final CompanyDomain domains = new CompanyDomain();

  @ParameterizedTest(name = "[{index}] website ''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "https://www.Acme.com/about?x=1     | acme.com",
        "http://acme.com                    | acme.com",
        "acme.com                           | acme.com",
        "www.acme.co.uk/                    | acme.co.uk",
        "HTTPS://WWW.ACME.COM:8443/#top     | acme.com",
        "//cdn.acme.io/x                    | cdn.acme.io",
        "https://user:pw@acme.com/          | acme.com",
        "eu.acme.com                        | eu.acme.com",
        "acme.com.                          | acme.com",
        "https://bücher.de                  | xn--bcher-kva.de",
        "not a website                      | -",
        "localhost                          | -",
        "http://192.168.0.1/                | -",
        "''                                 | -",
      })
  void fromWebsite(String website, String expected) {
    assertThat(domains.fromWebsite(website).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] email ''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "ada@acme.com          | acme.com",
        "ada@mail.acme.com     | mail.acme.com",
        "ada@gmail.com         | -",
        "ada@googlemail.com    | -",
        "ada@web.de            | -",
        "ada@outlook.com       | -",
        "no-at-sign            | -",
      })
  void fromEmail(String email, String expected) {
    assertThat(domains.fromEmail(email).orElse(null)).isEqualTo(expected);
  }
}
