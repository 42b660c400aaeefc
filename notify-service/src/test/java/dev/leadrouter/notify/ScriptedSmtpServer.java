package dev.leadrouter.notify;

import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SMTP server played by hand, for what GreenMail cannot stage: a refusal, a relay that hangs, an
 * answer that never comes. Each reply comes from the test's {@link Script}; a null reply leaves the
 * client waiting, as a stalled server does.
 */
final class ScriptedSmtpServer {

  /** What the server answers at each step; the defaults accept everything. */
  interface Script {
    default String greeting(String ehlo) {
      return "250 scripted.example";
    }

    default String mailFrom(String command) {
      return "250 2.1.0 OK";
    }

    default String recipient(String command) {
      return "250 2.1.5 OK";
    }

    /** The answer to the final dot; {@code message} holds the lines between DATA and the dot. */
    default String endOfData(List<String> message) {
      return "250 2.0.0 queued";
    }
  }

  private ScriptedSmtpServer() {}

  /**
   * Listens on {@code port} on the service's Vert.x, answering every connection from the script.
   */
  static void start(RunningNotify service, int port, Script script) {
    RunningNotify.await(
        service
            .vertx
            .createNetServer()
            .connectHandler(socket -> converse(socket, script))
            .listen(port, "127.0.0.1"));
  }

  private static void converse(NetSocket socket, Script script) {
    socket.write("220 scripted.example ESMTP\r\n");
    List<String> message = new ArrayList<>();
    boolean[] inData = {false};
    socket.handler(
        RecordParser.newDelimited(
            "\r\n",
            line -> {
              String text = line.toString();
              if (inData[0]) {
                if (text.equals(".")) {
                  inData[0] = false;
                  reply(socket, script.endOfData(List.copyOf(message)));
                  message.clear();
                } else {
                  message.add(text);
                }
                return;
              }
              String command = text.toUpperCase(Locale.ROOT);
              if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(socket, script.greeting(text));
              } else if (command.startsWith("MAIL FROM")) {
                reply(socket, script.mailFrom(text));
              } else if (command.startsWith("RCPT TO")) {
                reply(socket, script.recipient(text));
              } else if (command.equals("DATA")) {
                inData[0] = true;
                socket.write("354 go ahead\r\n");
              } else if (command.startsWith("QUIT")) {
                socket.write("221 bye\r\n").onComplete(v -> socket.close());
              } else {
                socket.write("250 OK\r\n");
              }
            }));
  }

  private static void reply(NetSocket socket, String reply) {
    if (reply != null) {
      socket.write(reply + "\r\n");
    }
  }
}
