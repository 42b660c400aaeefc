package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.ListDeadLettersRequest;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.RetryDeadLetterRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** How deliveries behave when the SMTP server is down or refuses the message. */
class SmtpFailureTest {
  /** Our EHLO and Message-ID name, and a relay silent for a second fails the attempt. */
  private static final Map<String, String> NAMED_AND_IMPATIENT =
      Map.of("NOTIFY_SMTP_OWN_HOSTNAME", "mx-out.acme.example", "NOTIFY_SMTP_READ_TIMEOUT", "1s");

  @Test
  void deliveryIsRetriedWhileSmtpIsDownAndSentOnceItIsBack() throws Exception {
    try (TestSmtp smtp = TestSmtp.notYetListening();
        RunningNotify service = RunningNotify.start(smtp.port(), Map.of())) {
      NotifyRequest request = TestRequests.newLead("ana@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      // Nothing listens on the port yet: the first attempt fails and is scheduled again.
      awaitTheDelivery(
          service,
          request,
          d -> {
            assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_RETRYING);
            assertThat(d.getAttempts()).isGreaterThanOrEqualTo(1);
            assertThat(d.getLastError()).startsWith("SMTP");
          });

      smtp.start();
      smtp.awaitOneMailTo("ana@sales.example");
      awaitTheDelivery(
          service,
          request,
          d -> {
            assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT);
            assertThat(d.getAttempts()).isGreaterThanOrEqualTo(2);
          });
      awaitALaterDelivery(service, smtp); // a second copy would have come before it
      assertThat(smtp.mailTo("ana@sales.example")).hasSize(1);
    }
  }

  /** Waits until the request's one delivery passes {@code check}. */
  private static void awaitTheDelivery(
      RunningNotify service, NotifyRequest request, Consumer<Delivery> check) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                    .singleElement()
                    .satisfies(check::accept));
  }

  /**
   * Notifies a fresh recipient and waits for that email: the relay has polled again since anything
   * queued before it, so "nothing else arrived" is proven without sleeping.
   */
  private static void awaitALaterDelivery(RunningNotify service, TestSmtp smtp) {
    String sentinel = "later-" + java.util.UUID.randomUUID() + "@sales.example";
    service.call(NotifyServiceGrpcClient.Notify, TestRequests.newLead(sentinel));
    smtp.awaitOneMailTo(sentinel);
  }

  @Test
  void permanentRejectionMarksTheDeliveryFailedWithoutRetrying() {
    int port = RunningNotify.freePort();
    try (RunningNotify service = RunningNotify.start(port, Map.of())) {
      AtomicInteger recipientCommands = new AtomicInteger();
      ScriptedSmtpServer.start(
          service,
          port,
          new ScriptedSmtpServer.Script() {
            @Override
            public String recipient(String command) {
              recipientCommands.incrementAndGet();
              String address = command.replaceAll(".*<|>.*", "");
              return "550 5.1.1 <" + address + ">: no such user";
            }
          });
      NotifyRequest request = TestRequests.newLead("gone@sales.example");
      Delivery created = service.call(NotifyServiceGrpcClient.Notify, request).getDeliveries(0);

      awaitTheDelivery(
          service,
          request,
          d -> {
            assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_FAILED);
            assertThat(d.getAttempts()).isEqualTo(1);
            assertThat(d.getLastError()).contains("550").doesNotContain("gone@sales.example");
          });
      assertThat(
              service
                  .call(
                      NotifyServiceGrpcClient.ListDeadLetters,
                      ListDeadLettersRequest.getDefaultInstance())
                  .getDeliveriesList())
          .extracting(Delivery::getDeliveryId)
          .containsExactly(created.getDeliveryId());
      assertThat(recipientCommands.get()).isEqualTo(1);
    }
  }

  @Test
  void deliveryIsDeadLetteredAfterTheLastAttempt() {
    int port = RunningNotify.freePort(); // nothing will ever listen here
    try (RunningNotify service = RunningNotify.start(port, Map.of("NOTIFY_MAX_ATTEMPTS", "2"))) {
      NotifyRequest request = TestRequests.newLead("ana@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      awaitTheDelivery(
          service,
          request,
          d -> {
            assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER);
            assertThat(d.getAttempts()).isEqualTo(2);
            assertThat(d.hasNextAttemptAt()).isFalse();
          });
      assertThat(
              service
                  .call(
                      NotifyServiceGrpcClient.ListDeadLetters,
                      ListDeadLettersRequest.getDefaultInstance())
                  .getDeliveriesCount())
          .isEqualTo(1);
    }
  }

  @Test
  void aDeadLetterRetriedByTheOperatorGoesOutOnceSmtpIsBack() throws Exception {
    // nothing listens until the operator has fixed SMTP
    try (TestSmtp smtp = TestSmtp.notYetListening();
        RunningNotify service =
            RunningNotify.start(smtp.port(), Map.of("NOTIFY_MAX_ATTEMPTS", "2"))) {
      NotifyRequest request = TestRequests.newLead("ana@sales.example");
      Delivery created = service.call(NotifyServiceGrpcClient.Notify, request).getDeliveries(0);
      awaitTheDelivery(
          service,
          request,
          d -> assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER));

      smtp.start();
      Delivery queued =
          service.call(
              NotifyServiceGrpcClient.RetryDeadLetter,
              RetryDeadLetterRequest.newBuilder()
                  .setDeliveryId(created.getDeliveryId())
                  .setRequestedBy("ops@example.com")
                  .build());
      assertThat(queued.getStatus())
          .isIn(
              DeliveryStatus.DELIVERY_STATUS_PENDING,
              DeliveryStatus.DELIVERY_STATUS_SENDING,
              DeliveryStatus.DELIVERY_STATUS_SENT);
      smtp.awaitOneMailTo("ana@sales.example");
      awaitTheDelivery(
          service,
          request,
          d -> assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT));
      assertThat(
              service
                  .call(
                      NotifyServiceGrpcClient.ListDeadLetters,
                      ListDeadLettersRequest.getDefaultInstance())
                  .getDeliveriesCount())
          .isZero();
      awaitALaterDelivery(service, smtp);
      assertThat(smtp.mailTo("ana@sales.example")).hasSize(1);
    }
  }

  @Test
  void temporaryRefusalIsRetriedAndTheMessageGoesOutOnce() {
    int port = RunningNotify.freePort();
    try (RunningNotify service = RunningNotify.start(port, Map.of())) {
      // Greylisting, as many real servers do: the first RCPT gets 451, everything after is
      // accepted.
      AtomicInteger recipientCommands = new AtomicInteger();
      AtomicInteger accepted = new AtomicInteger();
      ScriptedSmtpServer.start(
          service,
          port,
          new ScriptedSmtpServer.Script() {
            @Override
            public String recipient(String command) {
              return recipientCommands.getAndIncrement() == 0
                  ? "451 4.7.1 greylisted, try again later"
                  : "250 2.1.5 OK";
            }

            @Override
            public String endOfData(List<String> message) {
              accepted.incrementAndGet();
              return "250 2.0.0 queued";
            }
          });
      NotifyRequest request = TestRequests.newLead("grey@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      awaitTheDelivery(
          service,
          request,
          d -> {
            assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT);
            assertThat(d.getAttempts()).isEqualTo(2);
            assertThat(d.getLastError()).isEmpty();
          });
      assertThat(recipientCommands.get()).as("RCPT refused once, then accepted").isEqualTo(2);
      assertThat(accepted.get()).isEqualTo(1);
    }
  }

  @Test
  void greetsWithTheConfiguredNameAndGivesUpOnAStalledRelay() {
    int port = RunningNotify.freePort();
    try (RunningNotify service = RunningNotify.start(port, NAMED_AND_IMPATIENT)) {
      List<String> greetings = new CopyOnWriteArrayList<>();
      AtomicInteger stalled = new AtomicInteger();
      ScriptedSmtpServer.start(
          service,
          port,
          new ScriptedSmtpServer.Script() {
            @Override
            public String greeting(String ehlo) {
              greetings.add(ehlo);
              return "250 stall.example";
            }

            @Override
            public String mailFrom(String command) {
              // Never answered: a relay that hangs mid-conversation.
              stalled.incrementAndGet();
              return null;
            }
          });
      NotifyRequest request = TestRequests.newLead("stall@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      awaitTheDelivery(
          service,
          request,
          d -> {
            assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_RETRYING);
            assertThat(d.getLastError()).startsWith("SMTP");
          });
      assertThat(stalled.get()).isPositive();
      assertThat(greetings).isNotEmpty().allMatch(g -> g.equals("EHLO mx-out.acme.example"));
    }
  }

  @Test
  void aCopySentAgainAfterALostAnswerCarriesTheFirstCopysMessageId() {
    int port = RunningNotify.freePort();
    try (RunningNotify service = RunningNotify.start(port, NAMED_AND_IMPATIENT)) {
      // Takes every message, but never answers the first one's final dot: the copy is queued
      // and the sender cannot know it, as when a connection drops after the dot.
      List<String> messageIds = new CopyOnWriteArrayList<>();
      ScriptedSmtpServer.start(
          service,
          port,
          new ScriptedSmtpServer.Script() {
            @Override
            public String endOfData(List<String> message) {
              message.stream()
                  .filter(line -> line.regionMatches(true, 0, "Message-ID:", 0, 11))
                  .forEach(line -> messageIds.add(line.substring(11).strip()));
              return messageIds.size() > 1 ? "250 2.0.0 queued" : null;
            }
          });
      NotifyRequest request = TestRequests.newLead("lost-answer@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      awaitTheDelivery(
          service,
          request,
          d -> {
            assertThat(d.getStatus()).isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT);
            assertThat(d.getAttempts()).isEqualTo(2);
          });
      String deliveryId =
          service.deliveriesOfAssignment(request.getAssignmentId()).get(0).getDeliveryId();
      // The server took both copies (it only never answered the first): the rep's mailbox holds
      // two, and one Message-ID lets the mail client show one.
      assertThat(messageIds)
          .containsExactly(
              "<" + deliveryId + "@mx-out.acme.example>",
              "<" + deliveryId + "@mx-out.acme.example>");
    }
  }
}
