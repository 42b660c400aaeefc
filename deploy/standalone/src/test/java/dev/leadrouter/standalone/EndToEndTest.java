package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.Clock;
import dev.leadrouter.v1.ClockState;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.GetClockRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One lead travels the whole way for real: HTTP capture, outbox relay, gRPC Route, assignment with
 * its reason, email to the rep over SMTP, SLA clock. Four verticles on their own ports, real
 * PostgreSQL, GreenMail.
 */
class EndToEndTest {
  private StackFixture fixture;
  private Stack stack;

  @BeforeEach
  void start() throws Exception {
    fixture = new StackFixture();
    stack = fixture.deployWithExamples();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void postedLeadIsRoutedMailedAndClocked() throws Exception {
    JsonObject lead =
        new JsonObject()
            .put(
                "contact",
                new JsonObject()
                    .put("firstName", "Grace")
                    .put("lastName", "Hopper")
                    .put("email", "Grace.Hopper@Navy.example")
                    .put("phone", "+1 202 555 0142")
                    .put("title", "Rear Admiral"))
            .put("company", new JsonObject().put("name", "Compilers Inc").put("employeeCount", 250))
            .put("location", new JsonObject().put("countryCode", "us").put("regionCode", "US-VA"))
            .put(
                "source",
                new JsonObject()
                    .put("channel", "SOURCE_CHANNEL_WEB_FORM")
                    .put("sourceId", "website-demo-form")
                    .put("campaign", new JsonObject().put("utmCampaign", "spring-launch")));
    HttpResponse<Buffer> response = post(lead);

    assertThat(response.statusCode()).isEqualTo(202);
    String leadId = response.bodyAsJsonObject().getString("lead_id");
    assertThat(leadId).isNotBlank();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.smtp.getReceivedMessages().length == 1);
    MimeMessage mail = fixture.smtp.getReceivedMessages()[0];
    String to = mail.getAllRecipients()[0].toString();
    assertThat(to).isIn("alice@example.com", "bob@example.com");
    String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
    assertThat(mail.getSubject() + body)
        .contains("Grace")
        .contains("Hopper")
        .contains("Compilers Inc");
    assertThat(body).contains("north-america-leads").contains("north-america");

    Assignment assignment =
        fixture.call(
            "ROUTING",
            RoutingServiceGrpcClient.GetAssignment,
            GetAssignmentRequest.newBuilder().setLeadId(leadId).build());
    assertThat(assignment.getRuleId()).isEqualTo("north-america-leads");
    assertThat(assignment.getQueueId()).isEqualTo("north-america");
    assertThat(assignment.getRepId() + "@example.com").isEqualTo(to);
    assertThat(assignment.getReason()).contains("north-america-leads");
    assertThat(assignment.getMatrixVersion()).isPositive();
    assertThat(assignment.getTrace().getRulesList()).isNotEmpty();

    var metrics =
        StackFixture.await(
            WebClient.create(fixture.vertx)
                .get(stack.routing.managementPort(), "127.0.0.1", "/metrics")
                .send());
    assertThat(metrics.bodyAsString())
        .contains(
            "grpc_server_calls_seconds_count{method=\"RoutingService/Route\",service=\"routing-service\",status=\"OK\"}");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Clock clock =
                  fixture.call(
                      "SLA",
                      SlaServiceGrpcClient.GetClock,
                      GetClockRequest.newBuilder()
                          .setAssignmentId(assignment.getAssignmentId())
                          .build());
              assertThat(clock.getState()).isEqualTo(ClockState.CLOCK_STATE_RUNNING);
              assertThat(clock.getRepId()).isEqualTo(assignment.getRepId());
              assertThat(clock.getLeadId()).isEqualTo(leadId);
            });
  }

  @Test
  void roundRobinAlternatesAndUnmatchedLeadsGoToCatchAll() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(
              post(new JsonObject()
                      .put("contact", new JsonObject().put("email", "buyer" + i + "@corp.example"))
                      .put("location", new JsonObject().put("countryCode", "CA")))
                  .statusCode())
          .isEqualTo(202);
    }
    assertThat(
            post(new JsonObject()
                    .put("contact", new JsonObject().put("email", "someone@far.example"))
                    .put("location", new JsonObject().put("countryCode", "JP")))
                .statusCode())
        .isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.smtp.getReceivedMessages().length == 5);
    var recipients =
        java.util.Arrays.stream(fixture.smtp.getReceivedMessages())
            .map(
                m -> {
                  try {
                    return m.getAllRecipients()[0].toString();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    assertThat(recipients).filteredOn("alice@example.com"::equals).hasSize(2);
    assertThat(recipients).filteredOn("bob@example.com"::equals).hasSize(2);
    assertThat(recipients).filteredOn("sam@example.com"::equals).hasSize(1);
  }

  private HttpResponse<Buffer> post(JsonObject lead) throws Exception {
    return StackFixture.await(
        WebClient.create(fixture.vertx)
            .post(stack.capture.httpPort(), "127.0.0.1", "/v1/leads")
            .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(lead.encode())));
  }
}
