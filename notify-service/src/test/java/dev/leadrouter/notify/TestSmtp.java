package dev.leadrouter.notify;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.leadrouter.runtime.testing.TestPorts;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 for notify's tests, and the questions they ask it:
 * what arrived for one address. Either listening at once on a port the OS picked ({@link
 * #listening}), or on a port fixed now that nothing listens on yet ({@link #notYetListening}), for
 * tests where SMTP is down first and comes back.
 */
final class TestSmtp implements AutoCloseable {
  private final GreenMail server;
  private final int port;

  private TestSmtp(GreenMail server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Listening now, on a port the OS picked (no race with other processes for it). */
  static TestSmtp listening() {
    return listening(null);
  }

  /** Listening now, accepting only this user (null: any client, no AUTH). */
  static TestSmtp listening(GreenMailConfiguration users) {
    GreenMail server = greenMail(0, users);
    server.start();
    return new TestSmtp(server, server.getSmtp().getPort());
  }

  /**
   * Nothing listens yet on {@link #port()}: mail to it fails until {@link #start()}. The port is
   * fixed before the server exists, so another process could take it meanwhile (see {@link
   * TestPorts}).
   */
  static TestSmtp notYetListening() {
    int port = TestPorts.free();
    return new TestSmtp(greenMail(port, null), port);
  }

  private static GreenMail greenMail(int port, GreenMailConfiguration users) {
    GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    return users == null ? server : server.withConfiguration(users);
  }

  /** Starts listening on {@link #port()} (SMTP coming back). */
  void start() {
    server.start();
  }

  int port() {
    return port;
  }

  GreenMail greenMail() {
    return server;
  }

  /** Everything received so far. */
  List<MimeMessage> received() {
    return Arrays.asList(server.getReceivedMessages());
  }

  /**
   * Messages to one address; tests use their own addresses, so mail still in flight from another
   * test does not count.
   */
  List<MimeMessage> mailTo(String address) {
    return received().stream()
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getAllRecipients())
                    .anyMatch(a -> a.toString().equals(address));
              } catch (MessagingException e) {
                throw new AssertionError(e);
              }
            })
        .toList();
  }

  /** Waits for the first message to the address and returns it. */
  MimeMessage awaitOneMailTo(String address) {
    await().atMost(Duration.ofSeconds(15)).until(() -> !mailTo(address).isEmpty());
    return mailTo(address).get(0);
  }

  @Override
  public void close() {
    server.stop();
  }
}
