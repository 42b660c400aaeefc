package dev.leadrouter.standalone;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A local SMTP server that shows every message it receives, so someone trying leadrouter sees the
 * emails reps would get without configuring real mail. Only the standalone runner starts it.
 *
 * <p>Messages are taken as GreenMail delivers them, in arrival order: GreenMail's own {@code
 * getReceivedMessages()} lists them grouped by mailbox, so an index into it points at different
 * messages as new ones land in earlier mailboxes. A message to several recipients is shown once.
 */
public final class DevMailbox implements AutoCloseable {
  /** Rendered messages kept for {@link #allMessages()}; older ones are dropped beyond this. */
  private static final int KEEP = 1000;

  private final GreenMail server;
  private final Deque<String> unread = new ArrayDeque<>();
  private final Deque<String> kept = new ArrayDeque<>();
  private final Set<MimeMessage> seen = Collections.newSetFromMap(new IdentityHashMap<>());

  public DevMailbox(int port) {
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    UserManager users = server.getUserManager();
    MessageDeliveryHandler store = users.getMessageDeliveryHandler();
    users.setMessageDeliveryHandler(
        (message, recipient) -> {
          received(message.getMessage());
          return store.handle(message, recipient);
        });
  }

  public int port() {
    return server.getSmtp().getPort();
  }

  /** Called once per recipient of a message, on GreenMail's session thread. */
  private synchronized void received(MimeMessage message) {
    if (!seen.add(message)) {
      return;
    }
    if (seen.size() > KEEP) {
      // Recipients of one message are delivered one after the other: older identities can go.
      seen.clear();
      seen.add(message);
    }
    String text = render(message);
    unread.add(text);
    kept.add(text);
    if (kept.size() > KEEP) {
      kept.removeFirst();
    }
  }

  /** Messages received since the last call, in arrival order, rendered for the console. */
  public synchronized List<String> newMessages() {
    List<String> out = new ArrayList<>(unread);
    unread.clear();
    return out;
  }

  /** The last messages received (up to 1,000), oldest first. */
  public synchronized List<String> allMessages() {
    return new ArrayList<>(kept);
  }

  /** Headers that say who and what, then the plain-text body, with LF line ends. */
  static String render(MimeMessage m) {
    try {
      String to =
          String.join(
              ", ",
              java.util.Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                  .map(Object::toString)
                  .toList());
      String text = "To: " + to + "\nSubject: " + m.getSubject() + "\n\n" + plainText(m);
      return text.replace("\r\n", "\n").replace('\r', '\n');
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
