package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.grpc.GrpcCalls;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.CaptureLeadRequest;
import dev.leadrouter.v1.CaptureServiceGrpcClient;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.GetLeadRequest;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SimulateResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Messy leads from many countries through the four services: a CSV import where every row with a
 * usable contact is stored and routed on normalized data (typed deal value, canonical product
 * interest, ISO country) and every other row is reported with its line and reason; and Simulate on
 * a raw lead deciding exactly as Route does once capture has stored it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessyLeadsEndToEndTest {
  private static final Path DATA = Path.of("src/test/resources/messy-import");
  private StackFixture fixture;
  private Stack stack;

  @BeforeAll
  void start() throws Exception {
    fixture =
        new StackFixture(
            Map.of(
                "CAPTURE_SOURCES_FILE", DATA.resolve("sources.yaml").toAbsolutePath().toString()));
    stack = StackFixture.await(new Stack(fixture.vertx, fixture.settings).deploy());
    StackFixture.await(
        ExampleData.load(
            fixture.grpc,
            fixture.address("ROUTING"),
            TestSettings.INTERNAL_KEY,
            ExampleData.readTeam(Path.of("../../examples/team.yaml")),
            Files.readString(DATA.resolve("routing-matrix.yaml"))));
  }

  @AfterAll
  void stop() throws Exception {
    fixture.close();
  }

  /** What each line of leads.csv must become: stored and routed, or refused with its reasons. */
  private record Expected(
      int line,
      String ruleOrRefusal,
      String phone,
      String country,
      String dealValue,
      List<String> interests,
      List<String> flags) {}

  private static final List<Expected> EXPECTED =
      List.of(
          new Expected(
              2,
              "big-usd-deals",
              "+14155550100",
              "US",
              "75000 USD",
              List.of("security"),
              List.of()),
          new Expected(
              3, "emea-leads", "+4930123456", "DE", "12000.5 EUR", List.of("analytics"), List.of()),
          new Expected(
              4,
              "security-interest",
              "+81312345678",
              "JP",
              "1000000 JPY",
              List.of("security"),
              List.of()),
          new Expected(
              5,
              "emea-leads",
              "+442079460958",
              "GB",
              "75000 GBP",
              List.of(),
              List.of("email_invalid", "deal_value_currency_assumed")),
          new Expected(
              6,
              "catch_all",
              "",
              "CA",
              "",
              List.of(),
              List.of("phone_invalid", "deal_value_invalid")),
          new Expected(
              7,
              "refused lead.contact,lead.contact.email,lead.contact.phone",
              null,
              null,
              null,
              null,
              null),
          new Expected(8, "refused lead.contact", null, null, null, null, null),
          new Expected(
              9,
              "emea-leads",
              "+33123456789",
              "FR",
              "1500000 EUR",
              List.of("analytics", "payroll"),
              List.of("deal_value_currency_assumed", "product_interest_unknown")),
          new Expected(11, "catch_all", "+74951234567", "RU", "2000000 RUB", List.of(), List.of()),
          new Expected(12, "refused row", null, null, null, null, null),
          new Expected(
              13, "big-usd-deals", "+12025550142", "US", "1200000 USD", List.of("security"), null));

  @Test
  void everyRowWithAUsableContactIsStoredAndRoutedTheOthersAreReportedWithLineAndReason()
      throws Exception {
    var response =
        StackFixture.await(
            WebClient.create(fixture.vertx)
                .post(stack.capture.httpPort(), "127.0.0.1", "/v1/leads/import")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .putHeader("Content-Type", "text/csv")
                .sendBuffer(Buffer.buffer(Files.readAllBytes(DATA.resolve("leads.csv")))));
    assertThat(response.statusCode()).isEqualTo(200);
    List<JsonObject> lines = response.bodyAsString().lines().map(JsonObject::new).toList();
    JsonObject summary = lines.get(lines.size() - 1).getJsonObject("summary");
    assertThat(summary.getInteger("accepted")).as(response.bodyAsString()).isEqualTo(8);
    assertThat(summary.getInteger("invalid")).isEqualTo(3);
    assertThat(summary.getInteger("failed")).isZero();
    Map<Integer, JsonObject> byLine = new HashMap<>();
    lines.subList(0, lines.size() - 1).forEach(l -> byLine.put(l.getInteger("line"), l));
    assertThat(byLine.keySet())
        .containsExactlyInAnyOrderElementsOf(EXPECTED.stream().map(Expected::line).toList());

    for (Expected e : EXPECTED) {
      JsonObject row = byLine.get(e.line());
      if (e.ruleOrRefusal().startsWith("refused")) {
        assertThat(row.getString("status")).as("line %d", e.line()).isEqualTo("invalid");
        List<String> fields =
            row.getJsonArray("errors").stream()
                .map(x -> ((JsonObject) x).getString("field"))
                .toList();
        assertThat(String.join(",", fields))
            .as("line %d", e.line())
            .isEqualTo(e.ruleOrRefusal().substring("refused ".length()));
        continue;
      }
      assertThat(row.getString("status")).as("line %d", e.line()).isEqualTo("accepted");
      String leadId = row.getString("lead_id");
      Lead stored =
          fixture.call(
              "CAPTURE",
              CaptureServiceGrpcClient.GetLead,
              GetLeadRequest.newBuilder().setLeadId(leadId).build());
      assertThat(stored.getContact().getPhone()).as("line %d phone", e.line()).isEqualTo(e.phone());
      assertThat(stored.getLocation().getCountryCode()).isEqualTo(e.country());
      assertThat(money(stored)).as("line %d deal value", e.line()).isEqualTo(e.dealValue());
      assertThat(stored.getProductInterestsList()).containsExactlyElementsOf(e.interests());
      if (e.flags() != null) {
        assertThat(stored.getFlagsList())
            .as("line %d flags", e.line())
            .containsExactlyInAnyOrderElementsOf(e.flags());
      }
      Assignment assignment = routed(leadId);
      // "catch_all" in the table: no rule matched (an empty rule id) and the catch-all queue took
      // it.
      boolean catchAll = e.ruleOrRefusal().equals("catch_all");
      assertThat(assignment.getRuleId())
          .as("line %d rule", e.line())
          .isEqualTo(catchAll ? "" : e.ruleOrRefusal());
      assertThat(assignment.getCatchAll()).as("line %d catch-all", e.line()).isEqualTo(catchAll);
    }
    Lead jorg = leadAt(byLine, 3);
    assertThat(jorg.getContact().getEmail()).isEqualTo("jörg@bücher.de");
    assertThat(jorg.getContact().getEmailDomainAscii()).isEqualTo("xn--bcher-kva.de");
    assertThat(jorg.getLocation().getRegionCode()).isEqualTo("DE-BY");
    assertThat(leadAt(byLine, 4).getLocation().getRegionCode()).isEqualTo("JP-13");
    assertThat(leadAt(byLine, 5).getAttributesMap()).containsEntry("email_raw", "not-an-email");
    assertThat(leadAt(byLine, 6).getAttributesMap())
        .containsEntry("phone_raw", "call me")
        .containsEntry("deal_value_raw", "TBD");
    assertThat(leadAt(byLine, 11).getLocation().getRegionCode()).isEqualTo("RU-MOW");
  }

  @Test
  void simulateOnARawLeadDecidesAsRouteDoesAfterCapture() throws Exception {
    List<Lead> raw =
        List.of(
            rawLead("sim.one@example.de", "089 1234567", "Deutschland", null, null),
            rawLead("sim.two@example.org", null, "usa", "Security Suite", null),
            rawLead("sim.three@example.org", "(212) 555-0199", "United States", null, "$80k"),
            rawLead("sim.four@example.jp", "06-1234-5678", "日本", null, "¥9,000,000"));
    List<String> expectedRules = List.of("emea-leads", "security-interest", "big-usd-deals", "");
    for (int i = 0; i < raw.size(); i++) {
      Lead lead = raw.get(i);
      SimulateResponse simulated =
          fixture.call(
              "ROUTING",
              RoutingServiceGrpcClient.Simulate,
              RouteRequest.newBuilder().setLead(lead).setNormalize(true).build());
      var captured =
          fixture.call(
              "CAPTURE",
              CaptureServiceGrpcClient.CaptureLead,
              CaptureLeadRequest.newBuilder().setLead(lead).build());
      Assignment routed = routed(captured.getLeadId());

      assertThat(simulated.getAssignment().getRuleId())
          .as("lead %d", i)
          .isEqualTo(routed.getRuleId())
          .isEqualTo(expectedRules.get(i));
      assertThat(simulated.getAssignment().getQueueId()).isEqualTo(routed.getQueueId());
      assertThat(simulated.getAssignment().getCatchAll()).isEqualTo(routed.getCatchAll());
      Lead stored = captured.getLead();
      assertThat(simulated.getLead().getFlagsList()).isEqualTo(stored.getFlagsList());
      assertThat(simulated.getLead().getLocation()).isEqualTo(stored.getLocation());
      assertThat(simulated.getLead().getDealValue()).isEqualTo(stored.getDealValue());
      assertThat(simulated.getLead().getProductInterestsList())
          .isEqualTo(stored.getProductInterestsList());
    }
    // Without normalize the same raw lead misses its rule: "Deutschland" is no ISO code.
    SimulateResponse unnormalized =
        fixture.call(
            "ROUTING",
            RoutingServiceGrpcClient.Simulate,
            RouteRequest.newBuilder().setLead(raw.get(0)).build());
    assertThat(unnormalized.getAssignment().getCatchAll()).isTrue();
  }

  @Test
  void simulateRefusesWhatCaptureWouldRefuseWithCapturesReasons() {
    Lead unreachable = rawLead("nope", "12345", "France", null, null);
    assertThatThrownBy(
            () ->
                fixture.call(
                    "ROUTING",
                    RoutingServiceGrpcClient.Simulate,
                    RouteRequest.newBuilder().setLead(unreachable).setNormalize(true).build()))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            InvalidStatusException.class,
            e -> assertThat(e.actualStatus()).isEqualTo(GrpcStatus.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                fixture.call(
                    "ROUTING",
                    RoutingServiceGrpcClient.Route,
                    RouteRequest.newBuilder()
                        .setLead(
                            unreachable.toBuilder()
                                .setLeadId(java.util.UUID.randomUUID().toString()))
                        .setNormalize(true)
                        .build()))
        .cause()
        .isInstanceOfSatisfying(
            InvalidStatusException.class,
            e -> assertThat(e.actualStatus()).isEqualTo(GrpcStatus.INVALID_ARGUMENT));
  }

  private static Lead rawLead(
      String email, String phone, String country, String interest, String dealValue) {
    Lead.Builder b = Lead.newBuilder();
    b.getContactBuilder().setEmail(email);
    if (phone != null) {
      b.getContactBuilder().setPhone(phone);
    }
    b.getLocationBuilder().setCountryCode(country);
    if (interest != null) {
      b.addProductInterests(interest);
    }
    if (dealValue != null) {
      b.putAttributes("deal_value", dealValue);
    }
    return b.build();
  }

  private Lead leadAt(Map<Integer, JsonObject> byLine, int line) throws Exception {
    return fixture.call(
        "CAPTURE",
        CaptureServiceGrpcClient.GetLead,
        GetLeadRequest.newBuilder().setLeadId(byLine.get(line).getString("lead_id")).build());
  }

  /** The lead's assignment, once capture's outbox has handed it to routing. */
  private Assignment routed(String leadId) {
    Assignment[] found = new Assignment[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              found[0] =
                  StackFixture.await(
                      GrpcCalls.unary(
                          fixture.grpc,
                          fixture.address("ROUTING"),
                          TestSettings.INTERNAL_KEY,
                          RoutingServiceGrpcClient.GetAssignment,
                          GetAssignmentRequest.newBuilder().setLeadId(leadId).build(),
                          Duration.ofSeconds(5)));
              assertThat(found[0].getLeadId()).isEqualTo(leadId);
            });
    return found[0];
  }

  private static String money(Lead lead) {
    if (!lead.hasDealValue()) {
      return "";
    }
    var m = lead.getDealValue();
    return new java.math.BigDecimal(m.getUnits())
            .add(java.math.BigDecimal.valueOf(m.getNanos(), 9))
            .stripTrailingZeros()
            .toPlainString()
        + " "
        + m.getCurrencyCode();
  }
}
