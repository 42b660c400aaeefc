package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.RecordTouchRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SlaServiceGrpcClient;
import dev.leadrouter.v1.TouchChannel;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every metric the Grafana dashboard queries is one the services really export. */
class DashboardMetricsTest {
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:sla|leadrouter|routing|grpc)_[a-z0-9_]+)");

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
  void dashboardQueriesOnlyExportedMetrics() throws Exception {
    WebClient web = WebClient.create(fixture.vertx);
    var posted =
        StackFixture.await(
            web.post(stack.capture.httpPort(), "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    Buffer.buffer(
                        "{\"contact\":{\"firstName\":\"Dash\",\"email\":\"dash@board.example\"},\"location\":{\"countryCode\":\"US\"}}")));
    String leadId = posted.bodyAsJsonObject().getString("lead_id");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.smtp.getReceivedMessages().length == 1);
    var assignment =
        fixture.call(
            "ROUTING",
            RoutingServiceGrpcClient.GetAssignment,
            GetAssignmentRequest.newBuilder().setLeadId(leadId).build());
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                fixture.call(
                        "SLA",
                        SlaServiceGrpcClient.RecordTouch,
                        RecordTouchRequest.newBuilder()
                            .setAssignmentId(assignment.getAssignmentId())
                            .setChannel(TouchChannel.TOUCH_CHANNEL_CALL)
                            .build())
                    != null);

    StringBuilder exported = new StringBuilder();
    for (int port :
        new int[] {
          stack.capture.managementPort(),
          stack.routing.managementPort(),
          stack.notify.managementPort(),
          stack.sla.managementPort()
        }) {
      exported.append(
          StackFixture.await(web.get(port, "127.0.0.1", "/metrics").send()).bodyAsString());
    }

    JsonNode dashboard =
        new ObjectMapper().readTree(Path.of("../grafana/leadrouter-dashboard.json").toFile());
    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher m = METRIC.matcher(target.path("expr").asText());
        while (m.find()) {
          queried.add(m.group(1));
        }
      }
    }
    assertThat(queried).hasSizeGreaterThan(8);
    for (String metric : queried) {
      assertThat(exported.toString())
          .as("dashboard metric %s is exported", metric)
          .containsPattern("(?m)^" + metric + "[{ ]");
    }
  }
}
