package dev.leadrouter.notify;

import io.vertx.core.Vertx;
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

    /** How long the server takes over a message before it answers the final dot. */
    default long millisPerMessage() {
      return 0;
    }
  }

  private final Vertx vertx;
  private final Script script;
  private int open;
  private int mostOpen;

  private ScriptedSmtpServer(Vertx vertx, Script script) {
    this.vertx = vertx;
    this.script = script;
  }

  /**
   * Listens on {@code port} on the service's Vert.x, answering every connection from the script.
   */
  static ScriptedSmtpServer start(RunningNotify service, int port, Script script) {
    ScriptedSmtpServer server = new ScriptedSmtpServer(service.vertx, script);
    RunningNotify.await(
        service.vertx.createNetServer().connectHandler(server::converse).listen(port, "127.0.0.1"));
    return server;
  }

  /** The most connections that were open at the same time. */
  synchronized int mostConnectionsOpen() {
    return mostOpen;
  }

  private synchronized void opened() {
    open++;
    mostOpen = Math.max(mostOpen, open);
  }

  private synchronized void closed() {
    open--;
  }

  private void converse(NetSocket socket) {
    opened();
    socket.closeHandler(v -> closed());
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
                  String answer = script.endOfData(List.copyOf(message));
                  message.clear();
                  if (script.millisPerMessage() > 0) {
                    vertx.setTimer(script.millisPerMessage(), t -> reply(socket, answer));
                  } else {
                    reply(socket, answer);
                  }
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
