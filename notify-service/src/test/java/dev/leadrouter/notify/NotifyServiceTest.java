package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.ListDeliveriesRequest;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyResponse;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NotifyService end to end: gRPC in, PostgreSQL, outbox relay, real SMTP (GreenMail) out. */
class NotifyServiceTest {
  private static TestSmtp smtp;
  private static RunningNotify service;

  @BeforeAll
  static void start() {
    smtp = TestSmtp.listening();
    service = RunningNotify.start(smtp.port(), Map.of());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (smtp != null) {
      smtp.close();
    }
  }

  /**
   * Notifies a fresh recipient and waits for that email: the relay has polled again since anything
   * queued before it, so "nothing else arrived" is proven without sleeping.
   */
  private void awaitALaterDelivery() throws Exception {
    String sentinel = "later-" + java.util.UUID.randomUUID() + "@sales.example";
    service.call(NotifyServiceGrpcClient.Notify, TestRequests.newLead(sentinel));
    awaitOneMailTo(sentinel);
  }

  /**
   * Messages to one address; every test uses its own addresses, so mail still in flight from
   * another test does not count.
   */
  private static List<MimeMessage> mailTo(String address) {
    return smtp.mailTo(address);
  }

  private static MimeMessage awaitOneMailTo(String address) {
    return smtp.awaitOneMailTo(address);
  }

  @Test
  void notifyEmailsTheRepOnceWithLeadAndRoutingReason() throws Exception {
    NotifyRequest request = TestRequests.newLead("ana@sales.example");

    NotifyResponse response = service.call(NotifyServiceGrpcClient.Notify, request);

    assertThat(response.getDeliveriesList())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getAddress()).isEqualTo("ana@sales.example");
              assertThat(d.getRecipientRepId()).isEqualTo("ana");
              assertThat(d.getStatus())
                  .isIn(
                      DeliveryStatus.DELIVERY_STATUS_PENDING,
                      DeliveryStatus.DELIVERY_STATUS_SENDING);
            });
    MimeMessage mail = awaitOneMailTo("ana@sales.example");
    assertThat(mail.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("ana@sales.example");
    assertThat(mail.getSubject()).isEqualTo("New lead: Grace Hopper, Acme Compilers");
    String body = ReceivedMail.textOf(mail);
    assertThat(body)
        .contains(
            "Grace Hopper",
            "Acme Compilers",
            "Rule us-enterprise matched; round robin picked Ana (next in turn).",
            "Thu 1 Jan 2026, 11:00 CET",
            "https://leads.example.com/ack/abc");
    assertThat(mail.getHeader("X-Leadrouter-Delivery-Id"))
        .containsExactly(response.getDeliveries(0).getDeliveryId());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                    .singleElement()
                    .satisfies(
                        d -> {
                          assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT);
                          assertThat(d.getAttempts()).isEqualTo(1);
                          assertThat(d.hasSentAt()).isTrue();
                        }));
    awaitALaterDelivery(); // a duplicate would have come before it
    assertThat(mailTo("ana@sales.example")).hasSize(1);
  }

  @Test
  void repeatedNotifyReturnsTheSameDeliveryAndSendsOnce() throws Exception {
    NotifyRequest request = TestRequests.newLead("bo@sales.example");

    Delivery first = service.call(NotifyServiceGrpcClient.Notify, request).getDeliveries(0);
    Delivery second = service.call(NotifyServiceGrpcClient.Notify, request).getDeliveries(0);
    awaitOneMailTo("bo@sales.example");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                service.deliveriesOfAssignment(request.getAssignmentId()).get(0).getStatus()
                    == DeliveryStatus.DELIVERY_STATUS_SENT);
    NotifyResponse afterSent = service.call(NotifyServiceGrpcClient.Notify, request);

    assertThat(second.getDeliveryId()).isEqualTo(first.getDeliveryId());
    assertThat(afterSent.getDeliveriesList())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getDeliveryId()).isEqualTo(first.getDeliveryId());
              assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT);
            });
    awaitALaterDelivery();
    assertThat(mailTo("bo@sales.example")).hasSize(1);
    assertThat(service.deliveriesOfAssignment(request.getAssignmentId())).hasSize(1);
  }

  @Test
  void invalidRequestIsRejectedWithFieldPathsAndStoresNothing() throws Exception {
    NotifyRequest valid = TestRequests.newLead("cy@sales.example");
    NotifyRequest invalid =
        valid.toBuilder()
            .setRecipients(0, valid.getRecipients(0).toBuilder().setEmail("not-an-email"))
            .build();

    RunningNotify.Outcome outcome =
        service.outcomeOf(
            NotifyServiceGrpcClient.Notify, invalid, "Bearer " + TestSettings.INTERNAL_KEY);

    assertThat(outcome.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(outcome.badFields()).containsExactly("recipients[0].email");
    assertThat(
            service
                .call(
                    NotifyServiceGrpcClient.ListDeliveries,
                    ListDeliveriesRequest.newBuilder().setLeadId(valid.getLeadId()).build())
                .getDeliveriesList())
        .isEmpty();
    awaitALaterDelivery();
    assertThat(mailTo("not-an-email")).isEmpty();
    assertThat(mailTo("cy@sales.example")).isEmpty();
  }

  @Test
  void everyProblemIsReportedWithItsFieldPath() {
    NotifyRequest valid = TestRequests.newLead("cy@sales.example");
    NotifyRequest invalid =
        valid.toBuilder()
            .clearKind()
            .setAssignmentId("x".repeat(65))
            .setRecipients(
                0, valid.getRecipients(0).toBuilder().clearRepId().setTimeZone("Mars/Olympus"))
            .setAckUrl("http://insecure.example/ack")
            .build();

    RunningNotify.Outcome outcome =
        service.outcomeOf(
            NotifyServiceGrpcClient.Notify, invalid, "Bearer " + TestSettings.INTERNAL_KEY);

    assertThat(outcome.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(outcome.badFields())
        .containsExactlyInAnyOrder(
            "kind", "assignment_id", "recipients[0].rep_id", "recipients[0].time_zone", "ack_url");
    RunningNotify.Outcome noRecipients =
        service.outcomeOf(
            NotifyServiceGrpcClient.Notify,
            valid.toBuilder().clearRecipients().build(),
            "Bearer " + TestSettings.INTERNAL_KEY);
    assertThat(noRecipients.badFields()).containsExactly("recipients");
  }

  @Test
  void deliveriesOfALeadArePagedWithTokensBoundToTheirFilters() {
    NotifyRequest base = TestRequests.newLead("p1@sales.example");
    NotifyRequest request =
        base.toBuilder()
            .addRecipients(
                base.getRecipients(0).toBuilder().setRepId("bo").setEmail("p2@sales.example"))
            .addRecipients(
                base.getRecipients(0).toBuilder().setRepId("cy").setEmail("p3@sales.example"))
            .build();
    NotifyResponse created = service.call(NotifyServiceGrpcClient.Notify, request);
    ListDeliveriesRequest firstPage =
        ListDeliveriesRequest.newBuilder()
            .setLeadId(request.getLeadId())
            .setPage(dev.leadrouter.v1.PageRequest.newBuilder().setPageSize(2))
            .build();

    var page1 = service.call(NotifyServiceGrpcClient.ListDeliveries, firstPage);
    var page2 =
        service.call(
            NotifyServiceGrpcClient.ListDeliveries,
            firstPage.toBuilder()
                .setPage(firstPage.getPage().toBuilder().setPageToken(page1.getNextPageToken()))
                .build());
    RunningNotify.Outcome otherFilter =
        service.outcomeOf(
            NotifyServiceGrpcClient.ListDeliveries,
            ListDeliveriesRequest.newBuilder()
                .setLeadId("another-lead")
                .setPage(
                    dev.leadrouter.v1.PageRequest.newBuilder()
                        .setPageToken(page1.getNextPageToken()))
                .build(),
            "Bearer " + TestSettings.INTERNAL_KEY);

    assertThat(page1.getDeliveriesCount()).isEqualTo(2);
    assertThat(page1.getNextPageToken()).isNotEmpty();
    assertThat(page2.getDeliveriesCount()).isEqualTo(1);
    assertThat(page2.getNextPageToken()).isEmpty();
    assertThat(
            java.util.stream.Stream.concat(
                    page1.getDeliveriesList().stream(), page2.getDeliveriesList().stream())
                .map(Delivery::getDeliveryId))
        .containsExactlyInAnyOrderElementsOf(
            created.getDeliveriesList().stream().map(Delivery::getDeliveryId).toList());
    assertThat(otherFilter.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(otherFilter.badFields()).containsExactly("page.page_token");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                mailTo("p1@sales.example").size()
                        + mailTo("p2@sales.example").size()
                        + mailTo("p3@sales.example").size()
                    == 3);
  }

  @Test
  void callWithoutApiKeyIsUnauthenticated() {
    NotifyRequest request = TestRequests.newLead("di@sales.example");

    RunningNotify.Outcome outcome =
        service.outcomeOf(NotifyServiceGrpcClient.Notify, request, null);

    assertThat(outcome.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    assertThat(service.deliveriesOfAssignment(request.getAssignmentId())).isEmpty();
  }

  @Test
  void callWithWrongApiKeyIsUnauthenticated() {
    RunningNotify.Outcome outcome =
        service.outcomeOf(
            NotifyServiceGrpcClient.Notify,
            TestRequests.newLead("ed@sales.example"),
            "Bearer wrong-key-0123456789abcdef");

    assertThat(outcome.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
  }

  @Test
  void channelWithoutSenderIsStoredAsFailedAndListedAsDeadLetter() {
    NotifyRequest base = TestRequests.newLead("fa@sales.example");
    NotifyRequest request =
        base.toBuilder()
            .setRecipients(0, base.getRecipients(0).toBuilder().setSlackUserId("U024BE7LH"))
            .addChannels(dev.leadrouter.v1.Channel.CHANNEL_EMAIL)
            .addChannels(dev.leadrouter.v1.Channel.CHANNEL_SLACK)
            .build();

    NotifyResponse response = service.call(NotifyServiceGrpcClient.Notify, request);

    assertThat(response.getDeliveriesList())
        .extracting(Delivery::getChannel)
        .containsExactly(
            dev.leadrouter.v1.Channel.CHANNEL_EMAIL, dev.leadrouter.v1.Channel.CHANNEL_SLACK);
    Delivery slack = response.getDeliveries(1);
    assertThat(slack.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_FAILED);
    assertThat(slack.getLastError()).isEqualTo("channel not configured");
    assertThat(
            service
                .call(
                    NotifyServiceGrpcClient.ListDeadLetters,
                    dev.leadrouter.v1.ListDeadLettersRequest.getDefaultInstance())
                .getDeliveriesList())
        .extracting(Delivery::getDeliveryId)
        .contains(slack.getDeliveryId())
        .doesNotContain(response.getDeliveries(0).getDeliveryId());
    assertThat(awaitOneMailTo("fa@sales.example")).isNotNull();
  }
}
