package dev.leadrouter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.leadrouter.v1.Delivery;
import dev.leadrouter.v1.DeliveryStatus;
import dev.leadrouter.v1.ListDeadLettersRequest;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.RetryDeadLetterRequest;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How deliveries behave when the SMTP server is down or refuses the message. */
class SmtpFailureTest {

  @Test
  void deliveryIsRetriedWhileSmtpIsDownAndSentOnceItIsBack() throws Exception {
    try (TestSmtp smtp = TestSmtp.notYetListening();
        RunningNotify service = RunningNotify.start(smtp.port(), Map.of())) {
      NotifyRequest request = TestRequests.newLead("ana@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      // Nothing listens on the port yet: the first attempt fails and is scheduled again.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .satisfies(
                          d -> {
                            assertThat(d.getStatus())
                                .isEqualTo(DeliveryStatus.DELIVERY_STATUS_RETRYING);
                            assertThat(d.getAttempts()).isGreaterThanOrEqualTo(1);
                            assertThat(d.getLastError()).startsWith("SMTP");
                          }));

      smtp.start();
      smtp.awaitOneMailTo("ana@sales.example");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .satisfies(
                          d -> {
                            assertThat(d.getStatus())
                                .isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT);
                            assertThat(d.getAttempts()).isGreaterThanOrEqualTo(2);
                          }));
      awaitALaterDelivery(service, smtp); // a second copy would have come before it
      assertThat(smtp.mailTo("ana@sales.example")).hasSize(1);
    }
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
      RejectingSmtpServer rejecting = RejectingSmtpServer.start(service, port);
      NotifyRequest request = TestRequests.newLead("gone@sales.example");
      Delivery created = service.call(NotifyServiceGrpcClient.Notify, request).getDeliveries(0);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .satisfies(
                          d -> {
                            assertThat(d.getStatus())
                                .isEqualTo(DeliveryStatus.DELIVERY_STATUS_FAILED);
                            assertThat(d.getAttempts()).isEqualTo(1);
                            assertThat(d.getLastError())
                                .contains("550")
                                .doesNotContain("gone@sales.example");
                          }));
      assertThat(
              service
                  .call(
                      NotifyServiceGrpcClient.ListDeadLetters,
                      ListDeadLettersRequest.getDefaultInstance())
                  .getDeliveriesList())
          .extracting(Delivery::getDeliveryId)
          .containsExactly(created.getDeliveryId());
      assertThat(rejecting.recipientCommands()).isEqualTo(1);
    }
  }

  @Test
  void deliveryIsDeadLetteredAfterTheLastAttempt() {
    int port = RunningNotify.freePort(); // nothing will ever listen here
    try (RunningNotify service = RunningNotify.start(port, Map.of("NOTIFY_MAX_ATTEMPTS", "2"))) {
      NotifyRequest request = TestRequests.newLead("ana@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .satisfies(
                          d -> {
                            assertThat(d.getStatus())
                                .isEqualTo(DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER);
                            assertThat(d.getAttempts()).isEqualTo(2);
                            assertThat(d.hasNextAttemptAt()).isFalse();
                          }));
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
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .extracting(Delivery::getStatus)
                      .isEqualTo(DeliveryStatus.DELIVERY_STATUS_DEAD_LETTER));

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
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .extracting(Delivery::getStatus)
                      .isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT));
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
      GreylistingSmtpServer smtp = GreylistingSmtpServer.start(service, port);
      NotifyRequest request = TestRequests.newLead("grey@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .satisfies(
                          d -> {
                            assertThat(d.getStatus())
                                .isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT);
                            assertThat(d.getAttempts()).isEqualTo(2);
                            assertThat(d.getLastError()).isEmpty();
                          }));
      assertThat(smtp.refusals()).isEqualTo(1);
      assertThat(smtp.messagesAccepted()).isEqualTo(1);
    }
  }

  @Test
  void greetsWithTheConfiguredNameAndGivesUpOnAStalledRelay() {
    int port = RunningNotify.freePort();
    try (RunningNotify service =
        RunningNotify.start(
            port,
            Map.of(
                "NOTIFY_SMTP_OWN_HOSTNAME",
                "mx-out.acme.example",
                "NOTIFY_SMTP_READ_TIMEOUT",
                "1s"))) {
      java.util.List<String> greetings = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicInteger stalled =
          new java.util.concurrent.atomic.AtomicInteger();
      RunningNotify.await(
          service
              .vertx
              .createNetServer()
              .connectHandler(
                  socket -> {
                    socket.write("220 stall.example ESMTP\r\n");
                    socket.handler(
                        RecordParser.newDelimited(
                            "\r\n",
                            line -> {
                              String command = line.toString();
                              if (command.toUpperCase(java.util.Locale.ROOT).startsWith("EHLO")) {
                                greetings.add(command);
                                socket.write("250 stall.example\r\n");
                              } else {
                                // Never answers MAIL FROM: a relay that hangs mid-conversation.
                                stalled.incrementAndGet();
                              }
                            }));
                  })
              .listen(port, "127.0.0.1"));
      NotifyRequest request = TestRequests.newLead("stall@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .satisfies(
                          d -> {
                            assertThat(d.getStatus())
                                .isEqualTo(DeliveryStatus.DELIVERY_STATUS_RETRYING);
                            assertThat(d.getLastError()).startsWith("SMTP");
                          }));
      assertThat(stalled.get()).isPositive();
      assertThat(greetings).isNotEmpty().allMatch(g -> g.equals("EHLO mx-out.acme.example"));
    }
  }

  @Test
  void aCopySentAgainAfterALostAnswerCarriesTheFirstCopysMessageId() {
    int port = RunningNotify.freePort();
    try (RunningNotify service =
        RunningNotify.start(
            port,
            Map.of(
                "NOTIFY_SMTP_OWN_HOSTNAME",
                "mx-out.acme.example",
                "NOTIFY_SMTP_READ_TIMEOUT",
                "1s"))) {
      AnswerLosingSmtpServer smtp = AnswerLosingSmtpServer.start(service, port);
      NotifyRequest request = TestRequests.newLead("lost-answer@sales.example");
      service.call(NotifyServiceGrpcClient.Notify, request);

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(service.deliveriesOfAssignment(request.getAssignmentId()))
                      .singleElement()
                      .satisfies(
                          d -> {
                            assertThat(d.getStatus())
                                .isEqualTo(DeliveryStatus.DELIVERY_STATUS_SENT);
                            assertThat(d.getAttempts()).isEqualTo(2);
                          }));
      String deliveryId =
          service.deliveriesOfAssignment(request.getAssignmentId()).get(0).getDeliveryId();
      // The server took both copies (it only never answered the first): the rep's mailbox holds
      // two, and one Message-ID lets the mail client show one.
      assertThat(smtp.messageIds())
          .containsExactly(
              "<" + deliveryId + "@mx-out.acme.example>",
              "<" + deliveryId + "@mx-out.acme.example>");
    }
  }

  /**
   * Takes every message, but never answers the end of the first one's DATA: the copy is queued and
   * the sender cannot know it, as when a connection drops after the final dot.
   */
  static final class AnswerLosingSmtpServer {
    private final java.util.List<String> messageIds =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    static AnswerLosingSmtpServer start(RunningNotify service, int port) {
      AnswerLosingSmtpServer server = new AnswerLosingSmtpServer();
      NetServer net =
          service
              .vertx
              .createNetServer()
              .connectHandler(
                  socket -> {
                    socket.write("220 lossy.example ESMTP\r\n");
                    boolean[] inData = {false};
                    socket.handler(
                        RecordParser.newDelimited(
                            "\r\n",
                            line -> {
                              String text = line.toString();
                              if (inData[0]) {
                                if (text.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                  server.messageIds.add(text.substring(11).strip());
                                } else if (text.equals(".")) {
                                  inData[0] = false;
                                  if (server.messageIds.size() > 1) {
                                    socket.write("250 2.0.0 queued\r\n");
                                  }
                                }
                                return;
                              }
                              String command = text.toUpperCase(java.util.Locale.ROOT);
                              if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                                socket.write("250 lossy.example\r\n");
                              } else if (command.equals("DATA")) {
                                inData[0] = true;
                                socket.write("354 go ahead\r\n");
                              } else if (command.startsWith("QUIT")) {
                                socket.write("221 bye\r\n").onComplete(v -> socket.close());
                              } else {
                                socket.write("250 OK\r\n");
                              }
                            }));
                  });
      RunningNotify.await(net.listen(port, "127.0.0.1"));
      return server;
    }

    java.util.List<String> messageIds() {
      return java.util.List.copyOf(messageIds);
    }
  }

  /**
   * Greylisting, as many real servers do: the first RCPT gets 451, everything after is accepted.
   */
  static final class GreylistingSmtpServer {
    private int refusals;
    private int accepted;

    static GreylistingSmtpServer start(RunningNotify service, int port) {
      GreylistingSmtpServer server = new GreylistingSmtpServer();
      NetServer net =
          service
              .vertx
              .createNetServer()
              .connectHandler(
                  socket -> {
                    socket.write("220 grey.example ESMTP\r\n");
                    boolean[] inData = {false};
                    socket.handler(
                        RecordParser.newDelimited(
                            "\r\n",
                            line -> {
                              String command = line.toString().toUpperCase(java.util.Locale.ROOT);
                              if (inData[0]) {
                                if (command.equals(".")) {
                                  inData[0] = false;
                                  synchronized (server) {
                                    server.accepted++;
                                  }
                                  socket.write("250 2.0.0 queued\r\n");
                                }
                                return;
                              }
                              if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                                socket.write("250 grey.example\r\n");
                              } else if (command.startsWith("RCPT TO")) {
                                synchronized (server) {
                                  if (server.refusals == 0) {
                                    server.refusals++;
                                    socket.write("451 4.7.1 greylisted, try again later\r\n");
                                    return;
                                  }
                                }
                                socket.write("250 2.1.5 OK\r\n");
                              } else if (command.equals("DATA")) {
                                inData[0] = true;
                                socket.write("354 go ahead\r\n");
                              } else if (command.startsWith("QUIT")) {
                                socket.write("221 bye\r\n").onComplete(v -> socket.close());
                              } else {
                                socket.write("250 OK\r\n");
                              }
                            }));
                  });
      RunningNotify.await(net.listen(port, "127.0.0.1"));
      return server;
    }

    synchronized int refusals() {
      return refusals;
    }

    synchronized int messagesAccepted() {
      return accepted;
    }
  }

  /** An SMTP server that refuses every recipient with 550, like a server with no such mailbox. */
  static final class RejectingSmtpServer {
    private int recipientCommands;

    static RejectingSmtpServer start(RunningNotify service, int port) {
      RejectingSmtpServer server = new RejectingSmtpServer();
      NetServer net =
          service
              .vertx
              .createNetServer()
              .connectHandler(
                  socket -> {
                    socket.write("220 rejecting.example ESMTP\r\n");
                    socket.handler(
                        RecordParser.newDelimited(
                            "\r\n",
                            line -> {
                              String command = line.toString().toUpperCase(java.util.Locale.ROOT);
                              if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                                socket.write("250 rejecting.example\r\n");
                              } else if (command.startsWith("MAIL FROM")) {
                                socket.write("250 2.1.0 OK\r\n");
                              } else if (command.startsWith("RCPT TO")) {
                                synchronized (server) {
                                  server.recipientCommands++;
                                }
                                socket.write(
                                    "550 5.1.1 <"
                                        + line.toString().replaceAll(".*<|>.*", "")
                                        + ">: no such user\r\n");
                              } else if (command.startsWith("QUIT")) {
                                socket.write("221 bye\r\n").onComplete(v -> socket.close());
                              } else {
                                socket.write("250 OK\r\n");
                              }
                            }));
                  });
      RunningNotify.await(net.listen(port, "127.0.0.1"));
      return server;
    }

    synchronized int recipientCommands() {
      return recipientCommands;
    }
  }
}
