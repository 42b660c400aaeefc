package dev.leadrouter.bench.system;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal SMTP server that accepts every message and notes when each lead's email finished
 * arriving: the end of the DATA phase is "on the wire" for the capture-to-notified latency. Leads
 * are recognised by a marker ({@code LR<number>}) the load generator puts in their name.
 */
final class SmtpSink {
  private static final Pattern MARKER = Pattern.compile("LR(\\d{1,12})", Pattern.CASE_INSENSITIVE);
  private final Vertx vertx;

  /** First arrival per lead, in System.nanoTime. */
  final Map<Long, Long> firstArrival = new ConcurrentHashMap<>();

  /** Emails per lead, to count duplicates. */
  final Map<Long, AtomicLong> emailsPerLead = new ConcurrentHashMap<>();

  /**
   * Distinct Message-IDs per lead: a copy sent again with its first copy's id is one message in the
   * rep's mail client, so these count the duplicates a rep sees.
   */
  final Map<Long, Set<String>> messageIdsPerLead = new ConcurrentHashMap<>();

  final AtomicLong messages = new AtomicLong();
  private NetServer server;

  SmtpSink(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Integer> start() {
    server = vertx.createNetServer().connectHandler(this::session);
    return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
  }

  private void session(NetSocket socket) {
    boolean[] inData = {false};
    StringBuilder data = new StringBuilder();
    socket.write("220 sink ESMTP\r\n");
    RecordParser lines =
        RecordParser.newDelimited(
            "\r\n",
            line -> {
              String l = line.toString();
              if (inData[0]) {
                if (l.equals(".")) {
                  inData[0] = false;
                  received(data.toString());
                  data.setLength(0);
                  socket.write("250 OK\r\n");
                } else {
                  data.append(l).append('\n');
                }
                return;
              }
              String verb =
                  l.length() >= 4
                      ? l.substring(0, 4).toUpperCase(java.util.Locale.ROOT)
                      : l.toUpperCase(java.util.Locale.ROOT);
              switch (verb) {
                case "EHLO" -> socket.write("250-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n");
                case "HELO" -> socket.write("250 sink\r\n");
                case "DATA" -> {
                  inData[0] = true;
                  socket.write("354 go ahead\r\n");
                }
                case "QUIT" -> socket.write("221 bye\r\n").onComplete(v -> socket.close());
                default -> socket.write("250 OK\r\n");
              }
            });
    socket.handler(lines);
  }

  private void received(String message) {
    long now = System.nanoTime();
    messages.incrementAndGet();
    // Only the new-lead email counts as "notified"; SLA warnings etc. come later by design.
    jakarta.mail.internet.MimeMessage mime = parse(message);
    String subject = subjectOf(mime);
    Matcher m = MARKER.matcher(subject);
    if (subject.startsWith("New lead") && m.find()) {
      long lead = Long.parseLong(m.group(1));
      firstArrival.putIfAbsent(lead, now);
      emailsPerLead.computeIfAbsent(lead, k -> new AtomicLong()).incrementAndGet();
      messageIdsPerLead
          .computeIfAbsent(lead, k -> ConcurrentHashMap.newKeySet())
          .add(messageIdOf(mime));
    }
  }

  private static jakarta.mail.internet.MimeMessage parse(String message) {
    try {
      return new jakarta.mail.internet.MimeMessage(
          jakarta.mail.Session.getInstance(new java.util.Properties()),
          new java.io.ByteArrayInputStream(
              message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (jakarta.mail.MessagingException e) {
      return null;
    }
  }

  /** The decoded Subject header (encoded words, folding), via Jakarta Mail. */
  private static String subjectOf(jakarta.mail.internet.MimeMessage mime) {
    try {
      String subject = mime == null ? null : mime.getSubject();
      return subject == null ? "" : subject;
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }

  private static String messageIdOf(jakarta.mail.internet.MimeMessage mime) {
    try {
      String id = mime == null ? null : mime.getMessageID();
      return id == null ? "" : id;
    } catch (jakarta.mail.MessagingException e) {
      return "";
    }
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
