package dev.leadrouter.capture.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.runtime.errors.UnauthenticatedException;
import dev.leadrouter.runtime.testing.crm.FakeHubSpot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HubSpotWebhookReadingTest {
  private static final String URI = "https://leads.example.com/v1/crm/hubspot/webhook";
  private static final Instant NOW = Instant.parse("2026-11-30T18:00:00Z");
  private final HubSpotSignature signature =
      new HubSpotSignature("app-secret-123", Clock.fixed(NOW, ZoneOffset.UTC));

  private void verify(String body, long ts, String sig) {
    signature.verify("POST", URI, body.getBytes(StandardCharsets.UTF_8), Long.toString(ts), sig);
  }

  @Test
  void aSignatureOverMethodUriBodyAndTimestampIsAccepted() {
    String body = "[{\"objectId\":1}]";
    long ts = NOW.toEpochMilli() - 60_000;
    verify(body, ts, FakeHubSpot.signatureV3("app-secret-123", "POST", URI, body, ts));
  }

  @Test
  void aChangedBodyAnotherSecretOrAnOldTimestampIsRefused() {
    String body = "[{\"objectId\":1}]";
    long ts = NOW.toEpochMilli();
    String good = FakeHubSpot.signatureV3("app-secret-123", "POST", URI, body, ts);
    assertThatThrownBy(() -> verify(body.replace('1', '2'), ts, good))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(
            () -> verify(body, ts, FakeHubSpot.signatureV3("other", "POST", URI, body, ts)))
        .isInstanceOf(UnauthenticatedException.class);
    long old = ts - 301_000;
    assertThatThrownBy(
            () ->
                verify(
                    body, old, FakeHubSpot.signatureV3("app-secret-123", "POST", URI, body, old)))
        .hasMessageContaining("5-minute");
    assertThatThrownBy(() -> verify(body, ts, "%%%")).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void onlyContactCreationsAreTakenEachOnce() {
    String body =
        "[{\"subscriptionType\":\"contact.creation\",\"objectId\":51},"
            + "{\"subscriptionType\":\"contact.creation\",\"objectId\":51},"
            + "{\"subscriptionType\":\"contact.propertyChange\",\"objectId\":52},"
            + "{\"subscriptionType\":\"contact.creation\",\"objectId\":53}]";
    assertThat(HubSpotEvents.createdContacts(body)).containsExactly("51", "53");
  }

  @Test
  void aBodyThatIsNotAnEventListIsRefusedByField() {
    assertThatThrownBy(() -> HubSpotEvents.createdContacts("{}"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                HubSpotEvents.createdContacts(
                    "[{\"subscriptionType\":\"contact.creation\",\"objectId\":\"x\"}]"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations().get(0).field()).isEqualTo("[0].objectId"));
  }
}
