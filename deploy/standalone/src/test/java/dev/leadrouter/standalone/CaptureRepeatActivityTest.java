package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same person coming back is merged into their lead, not routed again, and the owner is told
 * every time, through the real routing-service (who owns it) and notify-service (the email).
 */
class CaptureRepeatActivityTest {
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
  void repeatSubmissionsAreMergedAndEachOneIsToldToTheOwner() throws Exception {
    JsonObject first = post("Ada", "+1 415 555 0100");
    assertThat(first.getString("dedupe_outcome")).isEqualTo("DEDUPE_OUTCOME_NEW");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.smtp.getReceivedMessages().length >= 1);
    String owner = fixture.smtp.getReceivedMessages()[0].getAllRecipients()[0].toString();

    JsonObject again = post("Ada", null);
    JsonObject andAgain = post("Ada L.", null);
    assertThat(again.getString("dedupe_outcome")).isEqualTo("DEDUPE_OUTCOME_DUPLICATE_MERGED");
    assertThat(andAgain.getString("dedupe_outcome")).isEqualTo("DEDUPE_OUTCOME_DUPLICATE_MERGED");
    assertThat(again.getString("lead_id")).isEqualTo(first.getString("lead_id"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.smtp.getReceivedMessages().length >= 3);
    assertThat(StackFixture.await(stack.capture.leads().count()))
        .as("merged, not a second lead")
        .isEqualTo(1);
    // a later lead's email: a fourth email about Ada would have come before it
    String later = fixture.awaitALaterLeadEmail(stack.capture.httpPort());
    List<MimeMessage> mails = fixture.receivedExceptAbout(later);
    assertThat(mails).hasSize(3);
    assertThat(mails)
        .allSatisfy(m -> assertThat(m.getAllRecipients()[0].toString()).isEqualTo(owner));
    assertThat(mails.stream().filter(m -> subject(m).startsWith("Lead active again"))).hasSize(2);
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonObject post(String firstName, String phone) throws Exception {
    JsonObject contact =
        new JsonObject().put("firstName", firstName).put("email", "ada@returning.example");
    if (phone != null) {
      contact.put("phone", phone);
    }
    var r =
        StackFixture.await(
            WebClient.create(fixture.vertx)
                .post(stack.capture.httpPort(), "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(
                    Buffer.buffer(
                        new JsonObject()
                            .put("contact", contact)
                            .put("location", new JsonObject().put("countryCode", "US"))
                            .encode())));
    assertThat(r.statusCode()).isEqualTo(202);
    return r.bodyAsJsonObject();
  }
}
