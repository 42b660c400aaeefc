package dev.leadrouter.standalone;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A local SMTP server that keeps every message, so someone trying leadrouter sees the emails reps
 * would get without configuring real mail. Only the standalone runner starts it.
 */
public final class DevMailbox implements AutoCloseable {
  private final GreenMail server;
  private int printed;

  public DevMailbox(int port) {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
  }

  public int port() {
    return server.getSmtp().getPort();
  }

  /**
   * Messages received since the last call, rendered for the console. Blocking: call off the event
   * loop.
   */
  public synchronized List<String> newMessages() {
    MimeMessage[] all = server.getReceivedMessages();
    List<String> out = new ArrayList<>();
    for (int i = printed; i < all.length; i++) {
      out.add(render(all[i]));
    }
    printed = all.length;
    return out;
  }

  /** Every message received, newest last. Blocking: call off the event loop. */
  public synchronized List<String> allMessages() {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : server.getReceivedMessages()) {
      out.add(render(m));
    }
    return out;
  }

  private static String render(MimeMessage m) {
    try {
      String to =
          String.join(
              ", ",
              java.util.Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                  .map(Object::toString)
                  .toList());
      return "To: " + to + "\nSubject: " + m.getSubject() + "\n\n" + plainText(m);
    } catch (Exception e) {
      return "(unreadable message: " + e + ")";
    }
  }

  private static String plainText(MimeMessage m) throws Exception {
    Object content = m.getContent();
    if (content instanceof jakarta.mail.Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        var part = mp.getBodyPart(i);
        if (part.isMimeType("text/plain")) {
          return part.getContent().toString();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart) {
          var inner = (jakarta.mail.Multipart) part.getContent();
          for (int j = 0; j < inner.getCount(); j++) {
            if (inner.getBodyPart(j).isMimeType("text/plain")) {
              return inner.getBodyPart(j).getContent().toString();
            }
          }
        }
      }
    }
    return GreenMailUtil.getBody(m);
  }

  @Override
  public void close() {
    server.stop();
  }
}
