package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.notify.NotifyVerticle;
import dev.leadrouter.routing.RoutingVerticle;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.sla.SlaVerticle;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lead accepted while routing-service is down is not lost: it waits in capture's outbox and is
 * routed and mailed, once, when routing-service comes up.
 */
class RoutingOutageTest {
  private StackFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new StackFixture();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void leadPostedWhileRoutingIsDownIsRoutedOnceItIsBack() throws Exception {
    var vertx = fixture.vertx;
    StackFixture.await(vertx.deployVerticle(new SlaVerticle(fixture.settings)));
    StackFixture.await(vertx.deployVerticle(new NotifyVerticle(fixture.settings)));
    CaptureVerticle capture = new CaptureVerticle(fixture.settings);
    StackFixture.await(vertx.deployVerticle(capture));

    var response =
        StackFixture.await(
            WebClient.create(vertx)
                .post(capture.httpPort(), "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    Buffer.buffer(
                        "{\"contact\":{\"firstName\":\"Linus\",\"email\":\"linus@kernel.example\"},"
                            + "\"location\":{\"countryCode\":\"DE\"}}")));
    assertThat(response.statusCode()).isEqualTo(202);

    // The relay keeps failing against the closed port; the lead must still be waiting, with
    // attempts recorded.
    var capturePg =
        PgBuilder.pool()
            .connectingTo(
                new PgConnectOptions(
                        PgConnectOptions.fromUri(fixture.settings.required("LEADROUTER_DB_URL")))
                    .setProperties(java.util.Map.of("search_path", "capture")))
            .using(vertx)
            .build();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                StackFixture.await(
                            capturePg
                                .query("SELECT coalesce(max(attempts), 0) FROM outbox")
                                .execute())
                        .iterator()
                        .next()
                        .getInteger(0)
                    >= 2);
    assertThat(fixture.smtp.getReceivedMessages()).isEmpty();

    StackFixture.await(vertx.deployVerticle(new RoutingVerticle(fixture.settings)));
    fixture.loadExamples();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.smtp.getReceivedMessages().length >= 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                StackFixture.await(capturePg.query("SELECT count(*) FROM outbox").execute())
                        .iterator()
                        .next()
                        .getLong(0)
                    == 0);
    // No routing call is left in capture's outbox; a later lead's email proves routing's and
    // notify's relays have also moved past Linus's lead: a second email would have come first.
    String later = fixture.awaitALaterLeadEmail(capture.httpPort());
    var mails = fixture.receivedExceptAbout(later);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getAllRecipients()[0].toString())
        .isIn("chloe@example.com", "dmitri@example.com");
    StackFixture.await(capturePg.close());
  }
}
