package dev.leadrouter.notify.slack;

import dev.leadrouter.notify.content.NotificationView;
import dev.leadrouter.notify.content.Templates;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.PrecomposedMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack message in Block Kit: a header (what happened, who the lead is), the templated mrkdwn
 * body ({@code slack/<kind>.text}), and an "I'm on it" button when there is an ack link. {@code
 * text} is the plain fallback Slack shows in notifications and to screen readers.
 *
 * <p>Plain maps and lists, encoded to JSON by the sender; Slack limits apply: header 150
 * characters, a section 3,000, a message 50 blocks.
 */
public record SlackMessage(String text, List<Map<String, Object>> blocks) {
  private static final int MAX_HEADER = 150;
  private static final int MAX_SECTION = 3000;
  private static final int MAX_SECTIONS = 10;

  public static SlackMessage render(NotificationView view, Templates templates, String mention) {
    NotifyRequest request = view.request();
    String header;
    String body;
    if (request.hasMessage()) {
      PrecomposedMessage m = request.getMessage();
      header = m.getSubject().isBlank() ? view.subjectPrefix() : m.getSubject();
      body = escape(m.getText());
    } else {
      header = view.subjectPrefix() + ": " + view.who();
      body = templates.render("slack", request.getKind(), "text", view.model()).strip();
    }
    if (mention != null) {
      body = "<@" + mention + "> " + body;
    }
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(
        Map.of(
            "type",
            "header",
            "text",
            plain(truncate(header.replaceAll("\\p{Cntrl}+", " "), MAX_HEADER))));
    for (String chunk : chunks(body)) {
      blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", chunk)));
    }
    if (view.ackUrl() != null) {
      Map<String, Object> button = new LinkedHashMap<>();
      button.put("type", "button");
      button.put("text", plain("I'm on it"));
      button.put("style", "primary");
      button.put("url", view.ackUrl());
      button.put("action_id", "ack");
      blocks.add(Map.of("type", "actions", "elements", List.of(button)));
    }
    String fallback =
        truncate(header + (view.ackUrl() == null ? "" : " — I'm on it: " + view.ackUrl()), 3000);
    return new SlackMessage(fallback, blocks);
  }

  /** Slack's three entities; everything else in mrkdwn is literal. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static Map<String, Object> plain(String text) {
    return Map.of("type", "plain_text", "text", text, "emoji", true);
  }

  private static List<String> chunks(String body) {
    List<String> out = new ArrayList<>();
    String rest = body.isBlank() ? " " : body;
    while (!rest.isEmpty() && out.size() < MAX_SECTIONS) {
      int cut = Math.min(rest.length(), MAX_SECTION);
      if (cut < rest.length()) {
        int newline = rest.lastIndexOf('\n', cut);
        cut = newline > MAX_SECTION / 2 ? newline : cut;
      }
      out.add(rest.substring(0, cut));
      rest = rest.substring(cut).stripLeading();
    }
    return out;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
