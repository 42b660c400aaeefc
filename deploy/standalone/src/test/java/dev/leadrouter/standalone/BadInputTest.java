package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.capture.CaptureVerticle;
import dev.leadrouter.runtime.testing.TestSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of POST /v1/leads is a 4xx problem+json saying what is wrong, and stores nothing.
 */
class BadInputTest {
  private static StackFixture fixture;
  private static CaptureVerticle capture;
  private static WebClient web;

  @BeforeAll
  static void start() throws Exception {
    fixture = new StackFixture();
    capture = new CaptureVerticle(fixture.settings);
    StackFixture.await(fixture.vertx.deployVerticle(capture));
    web = WebClient.create(fixture.vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    assertThat(StackFixture.await(capture.leads().count()))
        .as("no lead may be stored by a refused request")
        .isZero();
    fixture.close();
  }

  @Test
  void malformedJson() throws Exception {
    var r = post("application/json", Buffer.buffer("{\"contact\": {\"email\": "), true);
    assertProblem(r, 400).contains("malformed lead JSON");
  }

  @Test
  void unknownField() throws Exception {
    var r =
        post(
            "application/json",
            Buffer.buffer("{\"contact\":{\"email\":\"a@b.example\"},\"colour\":\"red\"}"),
            true);
    assertProblem(r, 400).contains("colour");
  }

  @Test
  void wrongContentType() throws Exception {
    var r = post("text/plain", Buffer.buffer("email=a@b.example"), true);
    assertProblem(r, 415).contains("application/json");
  }

  @Test
  void missingEmailAndPhone() throws Exception {
    var r =
        post("application/json", Buffer.buffer("{\"contact\":{\"firstName\":\"Nobody\"}}"), true);
    assertProblem(r, 400);
    var errors = r.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.getJsonObject(0).getString("field")).isEqualTo("lead.contact");
    assertThat(errors.getJsonObject(0).getString("message"))
        .contains("email address or a phone number");
  }

  @Test
  void everyInvalidFieldIsReported() throws Exception {
    var lead =
        new JsonObject()
            .put("contact", new JsonObject().put("email", "not-an-email").put("phone", "12"))
            .put("location", new JsonObject().put("countryCode", "US").put("regionCode", "DE-BY"))
            .put("score", 250);
    var r = post("application/json", Buffer.buffer(lead.encode()), true);
    assertProblem(r, 400);
    var fields =
        r.bodyAsJsonObject().getJsonArray("errors").stream()
            .map(e -> ((JsonObject) e).getString("field"))
            .toList();
    // No usable contact: refused, naming both unusable fields. The region of another country is
    // not a reason to refuse a lead (it is flagged region_unrecognized when a contact works).
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "lead.contact", "lead.contact.email", "lead.contact.phone", "lead.score");
  }

  @Test
  void oversizedBody() throws Exception {
    String big = "x".repeat(70 * 1024);
    var r =
        post(
            "application/json",
            Buffer.buffer("{\"contact\":{\"email\":\"a@b.example\",\"title\":\"" + big + "\"}}"),
            true);
    assertProblem(r, 413);
  }

  @Test
  void invalidUtf8() throws Exception {
    Buffer body =
        Buffer.buffer("{\"contact\":{\"email\":\"a@b.example\",\"firstName\":\"")
            .appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28})
            .appendString("\"}}");
    var r = post("application/json", body, true);
    assertProblem(r, 400).contains("UTF-8");
  }

  @Test
  void missingApiKey() throws Exception {
    var r =
        post("application/json", Buffer.buffer("{\"contact\":{\"email\":\"a@b.example\"}}"), false);
    assertProblem(r, 401);
  }

  @Test
  void wrongApiKey() throws Exception {
    var r =
        StackFixture.await(
            web.post(capture.httpPort(), "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer not-the-right-key-at-all")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"contact\":{\"email\":\"a@b.example\"}}")));
    assertProblem(r, 401);
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertProblem(
      HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    return assertThat(
        problem.getString("detail")
            + " "
            + problem.getJsonArray("errors", new io.vertx.core.json.JsonArray()).encode());
  }

  private static HttpResponse<Buffer> post(String contentType, Buffer body, boolean withKey)
      throws Exception {
    var request =
        web.post(capture.httpPort(), "127.0.0.1", "/v1/leads")
            .putHeader("Content-Type", contentType);
    if (withKey) {
      request.putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY);
    }
    return StackFixture.await(request.sendBuffer(body));
  }
}
