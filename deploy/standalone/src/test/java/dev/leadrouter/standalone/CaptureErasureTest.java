package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.CaptureServiceGrpcClient;
import dev.leadrouter.v1.EraseLeadRequest;
import dev.leadrouter.v1.NotifyRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasing a lead removes its personal data from capture and from the snapshots routing, notify and
 * sla keep.
 */
class CaptureErasureTest {
  private StackFixture fixture;
  private Stack stack;
  private Pool db;

  @BeforeEach
  void start() throws Exception {
    fixture = new StackFixture();
    stack = fixture.deployWithExamples();
    db =
        PgBuilder.pool()
            .connectingTo(PgConnectOptions.fromUri(fixture.settings.required("LEADROUTER_DB_URL")))
            .using(fixture.vertx)
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void erasedLeadLeavesNoPersonalDataInAnyService() throws Exception {
    var posted =
        StackFixture.await(
            WebClient.create(fixture.vertx)
                .post(stack.capture.httpPort(), "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    Buffer.buffer(
                        "{\"contact\":{\"firstName\":\"Erin\",\"lastName\":\"Erasable\",\"email\":\"erin@forget.example\","
                            + "\"phone\":\"+14155550123\"},\"location\":{\"countryCode\":\"CA\"}}")));
    String leadId = posted.bodyAsJsonObject().getString("lead_id");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.smtp.getReceivedMessages().length == 1);
    assertThat(storedLeads(leadId))
        .singleElement()
        .satisfies(
            l -> assertThat(l.getLead().getContact().getEmail()).isEqualTo("erin@forget.example"));

    var erased =
        fixture.call(
            "CAPTURE",
            CaptureServiceGrpcClient.EraseLead,
            EraseLeadRequest.newBuilder()
                .setEmail("Erin@Forget.example")
                .setRequestedBy("dpo@company.example")
                .setReason("GDPR art. 17")
                .build());
    assertThat(erased.getErasedLeadIdsList()).containsExactly(leadId);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(storedLeads(leadId))
                    .singleElement()
                    .satisfies(
                        l -> {
                          assertThat(l.getLead().getLeadId()).isEqualTo(leadId);
                          assertThat(l.getLead().hasContact())
                              .as("contact removed from the stored notification")
                              .isFalse();
                        }));
    for (String sql :
        List.of(
            "SELECT encode(request, 'escape') FROM notify.deliveries WHERE lead_id = $1",
            "SELECT encode(lead, 'escape') FROM routing.assignments WHERE lead_id::text = $1",
            "SELECT encode(lead, 'escape') FROM sla.clocks WHERE lead_id = $1")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                var rows = StackFixture.await(db.preparedQuery(sql).execute(Tuple.of(leadId)));
                assertThat(rows.size()).as(sql).isEqualTo(1);
                assertThat(rows.iterator().next().getString(0))
                    .as(sql)
                    .doesNotContain("erin@forget.example")
                    .doesNotContain("Erasable")
                    .doesNotContain("4155550123");
              });
    }
    assertThat(
            StackFixture.await(db.query("SELECT count(*) FROM capture.leads").execute())
                .iterator()
                .next()
                .getLong(0))
        .isZero();
    assertThat(
            StackFixture.await(db.query("SELECT count(*) FROM capture.erasure_audit").execute())
                .iterator()
                .next()
                .getLong(0))
        .isEqualTo(1);
  }

  private List<NotifyRequest> storedLeads(String leadId) throws Exception {
    List<NotifyRequest> out = new ArrayList<>();
    for (Row r :
        StackFixture.await(
            db.preparedQuery("SELECT request FROM notify.deliveries WHERE lead_id = $1")
                .execute(Tuple.of(leadId)))) {
      out.add(NotifyRequest.parseFrom(r.getBuffer(0).getBytes()));
    }
    return out;
  }
}
