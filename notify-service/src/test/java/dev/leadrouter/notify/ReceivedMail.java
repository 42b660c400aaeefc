package dev.leadrouter.notify;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * Decoded text of a received message, so assertions see what the reader sees, not transfer
 * encodings.
 */
final class ReceivedMail {
  private ReceivedMail() {}

  /** Every text/* part of the message (plain and HTML), decoded, concatenated. */
  static String textOf(MimeMessage message) {
    try {
      StringBuilder out = new StringBuilder();
      collect(message, out);
      return out.toString();
    } catch (Exception e) {
      throw new AssertionError("cannot read message", e);
    }
  }

  private static void collect(Part part, StringBuilder out) throws Exception {
    Object content = part.getContent();
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, out);
      }
    } else if (content instanceof String s) {
      out.append(s).append('\n');
    }
  }
}
