package dev.leadrouter.notify.content;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.leadrouter.v1.NotificationKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Mustache templates notifications are rendered with, compiled once at start-up.
 *
 * <p>A template is {@code <channel>/<kind>.<part>.mustache}, e.g. {@code
 * sms/sla_warning.text.mustache} or {@code email/new_lead.html.mustache}; {@code
 * <channel>/default.<part>.mustache} covers kinds without their own. Files under {@code
 * NOTIFY_TEMPLATES_DIR} win over the built-in ones (classpath {@code templates/}), file by file, so
 * an operator overrides only what they want to change: the first found of operator kind, operator
 * default, built-in kind, built-in default is used.
 *
 * <p>Escaping depends on where the text goes: HTML for the email HTML part, Slack's own three
 * entities for mrkdwn, nothing for plain text and SMS. Everything in the model came from a web
 * form, so a template must not use triple mustaches in HTML or Slack parts.
 */
public final class Templates {
  /** The parts each channel renders. */
  public static final Map<String, List<String>> PARTS =
      Map.of(
          "email", List.of("subject", "text", "html"),
          "slack", List.of("text"),
          "sms", List.of("text"));

  private static final Mustache.Escaper HTML =
      Escapers.simple(
          new String[][] {
            {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}
          });

  /** https://api.slack.com/reference/surfaces/formatting#escaping */
  private static final Mustache.Escaper SLACK =
      Escapers.simple(new String[][] {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}});

  private final Map<String, Template> compiled;

  private Templates(Map<String, Template> compiled) {
    this.compiled = compiled;
  }

  /** Built-in templates only. */
  public static Templates builtIn() {
    return load(null);
  }

  /**
   * Compiles every (channel, kind, part). Reads files: call it off the event loop.
   *
   * @param overrides {@code NOTIFY_TEMPLATES_DIR}, or null
   * @throws IllegalStateException when a template is missing or does not compile, naming it
   */
  public static Templates load(Path overrides) {
    Map<String, Template> compiled = new HashMap<>();
    PARTS.forEach(
        (channel, parts) -> {
          for (String part : parts) {
            Mustache.Compiler compiler =
                Mustache.compiler()
                    .withEscaper(escaper(channel, part))
                    .nullValue("")
                    .emptyStringIsFalse(true)
                    .zeroIsFalse(true);
            for (NotificationKind kind : NotificationKind.values()) {
              if (kind == NotificationKind.NOTIFICATION_KIND_UNSPECIFIED
                  || kind == NotificationKind.UNRECOGNIZED) {
                continue;
              }
              String name = kindName(kind);
              String source = find(overrides, channel, name, part);
              try {
                compiled.put(key(channel, kind, part), compiler.compile(source));
              } catch (RuntimeException e) {
                throw new IllegalStateException(
                    "Template "
                        + channel
                        + "/"
                        + name
                        + "."
                        + part
                        + " does not compile: "
                        + e.getMessage(),
                    e);
              }
            }
          }
        });
    return new Templates(Map.copyOf(compiled));
  }

  /** Renders a channel's part for a notification. */
  public String render(
      String channel, NotificationKind kind, String part, Map<String, Object> model) {
    Template t = compiled.get(key(channel, kind, part));
    if (t == null) {
      throw new IllegalArgumentException(
          "no template " + channel + "/" + kindName(kind) + "." + part);
    }
    return t.execute(model);
  }

  private static Mustache.Escaper escaper(String channel, String part) {
    if (channel.equals("email") && part.equals("html")) {
      return HTML;
    }
    return channel.equals("slack") ? SLACK : Escapers.NONE;
  }

  /** An operator's file (kind, then default) wins over any built-in one (kind, then default). */
  private static String find(Path dir, String channel, String kind, String part) {
    List<String> files =
        List.of(
            channel + "/" + kind + "." + part + ".mustache",
            channel + "/default." + part + ".mustache");
    if (dir != null) {
      for (String file : files) {
        Path p = dir.resolve(file);
        if (Files.isRegularFile(p)) {
          try {
            return Files.readString(p, StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + p, e);
          }
        }
      }
    }
    for (String file : files) {
      try (InputStream in =
          Templates.class.getClassLoader().getResourceAsStream("templates/" + file)) {
        if (in != null) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        "no template " + channel + "/" + kind + "." + part + " and no default");
  }

  private static String key(String channel, NotificationKind kind, String part) {
    return channel + "/" + kindName(kind) + "." + part;
  }

  static String kindName(NotificationKind kind) {
    return kind.name().substring("NOTIFICATION_KIND_".length()).toLowerCase(Locale.ROOT);
  }
}
