package dev.leadrouter.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.Company;
import dev.leadrouter.v1.Contact;
import dev.leadrouter.v1.CustomerType;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.Money;
import dev.leadrouter.v1.SourceChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {
  private static final Map<String, Territory> TERRITORIES =
      Map.of(
          "dach", new Territory("dach", Set.of("DE", "AT", "CH"), Set.of(), List.of()),
          "west-coast",
              new Territory("west-coast", Set.of(), Set.of("US-CA", "US-OR", "US-WA"), List.of()),
          "bay-area",
              new Territory(
                  "bay-area", Set.of(), Set.of(), List.of(new Territory.PostalPrefix("US", "94"))));

  /** A US enterprise lead from San Francisco interested in analytics. */
  private static final Lead LEAD =
      Lead.newBuilder()
          .setLeadId("l-1")
          .setSource(
              LeadSource.newBuilder()
                  .setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM)
                  .setSourceId("pricing-page"))
          .setContact(Contact.newBuilder().setEmail("cto@acme.example").setLanguage("en-US"))
          .setCompany(
              Company.newBuilder().setName("Acme").setEmployeeCount(2500).setIndustry("Software"))
          .setLocation(
              Location.newBuilder()
                  .setCountryCode("US")
                  .setRegionCode("US-CA")
                  .setPostalCode("94107"))
          .addProductInterests("analytics")
          .addProductInterests("crm")
          .setDealValue(Money.newBuilder().setCurrencyCode("USD").setUnits(120_000))
          .setCustomerType(CustomerType.CUSTOMER_TYPE_EXISTING_CUSTOMER)
          .putAttributes("plan", "enterprise")
          .setInquiryText("Can we talk about Pricing for 500 seats?")
          .build();

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '"',
      value = {
        // equals / in
        "lead.location.country_code == 'US' => true",
        "lead.location.country_code == 'CA' => false",
        "lead.location.country_code in ['US', 'CA'] => true",
        "lead.location.country_code in territories.dach => false",
        // ranges
        "lead.company.employee_count >= 1000 && lead.company.employee_count < 5000 => true",
        "lead.deal_value.units > 100000 => true",
        "lead.deal_value.units > 500000 => false",
        // contains
        "'analytics' in lead.product_interests => true",
        "lead.product_interests.exists(p, p == 'billing') => false",
        "lead.inquiry_text.contains('seats') => true",
        // regex
        "lead.location.postal_code.matches('^9[0-4]') => true",
        "lead.inquiry_text.matches('(?i)pricing') => true",
        "lead.contact.email.matches(r'@gmail\\.com$') => false",
        // exists
        "has(lead.deal_value) => true",
        "has(lead.consent) => false",
        "'plan' in lead.attributes && lead.attributes['plan'] == 'enterprise' => true",
        // and / or / not
        "!(lead.location.country_code == 'US') || lead.company.employee_count > 10 => true",
        "lead.location.country_code == 'DE' || lead.source.source_id == 'pricing-page' => true",
        "!has(lead.deal_value) => false",
        // enums, source, language
        "lead.customer_type == CustomerType.CUSTOMER_TYPE_EXISTING_CUSTOMER => true",
        "lead.source.channel == SourceChannel.SOURCE_CHANNEL_AD => false",
        "lead.contact.language.startsWith('en') => true",
        // score and territories
        "score >= 50 => true",
        "score > 50 => false",
        "in_territory(lead, 'west-coast') => true",
        "in_territory(lead, 'bay-area') => true",
        "in_territory(lead, 'dach') => false",
      })
  void evaluatesOperatorsOverTheLead(String expression, boolean expected) {
    Condition c = Conditions.cel(expression, TERRITORIES);
    Condition.Outcome outcome = c.evaluate(LEAD, 50);
    assertThat(outcome.error()).isNull();
    assertThat(outcome.matched()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lead.attributes['missing'] == 'x'   | missing",
      })
  void evaluationErrorsAreNoMatchWithTheReason(String expression, String error) {
    Condition.Outcome outcome = Conditions.cel(expression).evaluate(LEAD, 0);
    assertThat(outcome.matched()).isFalse();
    assertThat(outcome.error()).contains(error);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lead.location.country                 | undefined field 'country'",
        "lead.company.employee_count           | expected type 'bool'",
        "lead.company.employee_count > 'many'  | found no matching overload",
        "in_territory(lead, 'apac')            | unknown territory 'apac'",
        "lead.location.country_code in territories.apac | unknown territory 'apac'",
        "lead.location.country_code ==         | mismatched input",
        "bogus(lead)                           | undeclared reference to 'bogus'",
      })
  void compileErrorsAreReportedAtPublishTime(String expression, String error) {
    var compiled = new ConditionLanguage(TERRITORIES).compile(expression, true);
    assertThat(compiled.ok()).isFalse();
    assertThat(String.join("\n", compiled.errors())).contains(error);
  }

  @org.junit.jupiter.api.Test
  void scoringConditionsCannotSeeTheScore() {
    var compiled = new ConditionLanguage(Map.of()).compile("score > 10", false);
    assertThat(compiled.ok()).isFalse();
    assertThat(compiled.errors())
        .anySatisfy(e -> assertThat(e).contains("undeclared reference to 'score'"));
  }
}
